package dev.llmgate.provider.http;

import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * The complete events found in one received buffer, with their raw bytes exactly as the upstream sent
 * them (comments and framing included), so that a same-dialect stream can be relayed unchanged.
 */
public record SseBatch(Buffer raw, List<SseEvent> events) {

    public static final SseBatch EMPTY = new SseBatch(Buffer.buffer(), List.of());

    public Buffer rawOf(SseEvent event) {
        return raw.slice(event.start(), event.end());
    }
}
