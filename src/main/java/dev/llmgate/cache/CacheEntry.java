package dev.llmgate.cache;

import java.time.Instant;

/**
 * One cached answer as a backend keeps it: the encoded answer ({@link AnswerCodec}) and what the statistics
 * need without decoding it — the model as resolved and the answer's token counts (what one hit saves).
 */
public record CacheEntry(String id, String model, byte[] body, Instant createdAt, Instant expiresAt,
                         long inputTokens, long outputTokens) {

    public int sizeBytes() {
        return body.length;
    }

    public boolean isExpired(Instant now) {
        return !expiresAt.isAfter(now);
    }

    public boolean isCompressed() {
        return AnswerCodec.isCompressed(body);
    }
}
