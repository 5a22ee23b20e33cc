package dev.llmgate.provider.gemini;

import dev.llmgate.chat.FinishReason;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.chat.Usage;
import dev.llmgate.provider.StreamDecoder;
import dev.llmgate.provider.http.SseEvent;
import dev.llmgate.provider.http.SseParser;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decodes a {@code streamGenerateContent?alt=sse} stream: each event is a whole {@code GenerateContentResponse}
 * chunk; there is no end marker. The answer is complete once a chunk carried a {@code finishReason}; usage
 * repeats on the chunks and the last one counts, so {@link StreamEvent.Finished} is emitted when the stream
 * closes. A stream that closes without a finish reason was cut short. Errors arrive as a chunk with an
 * {@code error}, or as a bare JSON error body after the last event, read from the trailing bytes.
 * Only the first candidate is streamed (streams with several are refused in the request).
 */
final class GeminiStreamDecoder implements StreamDecoder {

    private final long created;
    private final GeminiCandidateDecoder candidate = new GeminiCandidateDecoder();
    private boolean started;
    private boolean finished;
    private String responseId = "";
    private JsonNode finishingCandidate;
    private Usage usage;

    /** {@code created} is the time reported to clients when Gemini gives none. */
    GeminiStreamDecoder(long created) {
        this.created = created;
    }

    @Override
    public List<StreamEvent> decode(SseEvent event) {
        ObjectNode chunk = event.json();
        if (GeminiErrors.errorOf(chunk) != null) {
            throw GeminiErrors.inStream(chunk);
        }
        GeminiResponseCodec.rejectBlockedPrompt(chunk);
        List<StreamEvent> events = new ArrayList<>(2);
        responseId = chunk.path("responseId").asString(responseId);
        Usage reported = GeminiResponseCodec.usageFromWire(chunk.get("usageMetadata"));
        if (!started) {
            started = true;
            events.add(new StreamEvent.Started(responseId, chunk.path("modelVersion").asString(""),
                    GeminiResponseCodec.created(chunk, created), reported));
        }
        JsonNode first = firstCandidate(chunk);
        if (first != null) {
            events.addAll(candidate.decode(first.path("content").path("parts"), responseId));
            if (first.hasNonNull("finishReason")) {
                GeminiResponseCodec.finishReason(first, candidate.calledTools()); // throws for a broken call
                finishingCandidate = first;
            }
        }
        if (reported != null) {
            usage = reported;
        }
        return events;
    }

    @Override
    public List<StreamEvent> end() {
        if (finished) {
            return List.of();
        }
        if (finishingCandidate == null) {
            throw new GatewayException.UpstreamUnreachable(
                    "The upstream stream ended before the answer was complete.", "stream_interrupted");
        }
        finished = true;
        List<StreamEvent> events = new ArrayList<>(candidate.close());
        FinishReason reason = GeminiResponseCodec.finishReason(finishingCandidate, candidate.calledTools());
        events.add(new StreamEvent.Finished(reason, usage));
        return events;
    }

    /**
     * Gemini reports a failure that happens after the stream began as a bare JSON error body, outside SSE
     * framing; a last event may also lack its closing blank line. Both are read here before ending.
     */
    @Override
    public List<StreamEvent> end(byte[] trailing) {
        String rest = new String(trailing, StandardCharsets.UTF_8).strip();
        List<StreamEvent> events = new ArrayList<>();
        if (rest.startsWith("{") || rest.startsWith("[")) {
            JsonNode body = parse(rest);
            if (GeminiErrors.errorOf(body) != null) {
                throw GeminiErrors.inStream(body.isArray() ? body.get(0) : body);
            }
        } else if (rest.startsWith("data:")) {
            for (SseEvent event : new SseParser().feed(Buffer.buffer(rest + "\n\n")).events()) {
                events.addAll(decode(event));
            }
        }
        events.addAll(end());
        return events;
    }

    /** Gemini repeats its counts in every chunk: the latest (the prompt in full, the output so far). */
    @Override
    public Usage usageSoFar() {
        return usage;
    }

    @Override
    public boolean complete() {
        return finishingCandidate != null;
    }

    private static JsonNode firstCandidate(JsonNode chunk) {
        for (JsonNode candidate : chunk.path("candidates")) {
            if (candidate.path("index").asInt(0) == 0) {
                return candidate;
            }
        }
        return null;
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new GatewayException.UpstreamUnreachable("The upstream ended its stream with bytes that are "
                    + "neither an event nor JSON: " + text.substring(0, Math.min(text.length(), 200)),
                    "bad_upstream_response");
        }
    }
}
