package dev.llmgate.provider.anthropic;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamAssembler;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.provider.StreamDecoder;
import dev.llmgate.provider.http.SseEvent;
import dev.llmgate.provider.http.SseParser;
import dev.llmgate.testing.Canonical;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Feeds SSE bytes through the Anthropic stream decoder and encodes canonical events back, for the tests. */
final class AnthropicStreams {

    private AnthropicStreams() {
    }

    /** What a decoded stream produced: its events and the error that ended it, if any. */
    record Decoded(List<StreamEvent> events, GatewayException error) {

        /** The events, the response they assemble into, and the error, as JSON for goldens. */
        ObjectNode described() {
            ObjectNode result = Json.object();
            if (error != null) {
                result.set("error", Json.object().put("status", error.status()).put("message", error.getMessage())
                        .put("code", error.code()));
            }
            ArrayNode described = result.putArray("events");
            events.forEach(e -> described.add(Canonical.describe(e)));
            StreamAssembler assembler = new StreamAssembler();
            events.forEach(assembler::accept);
            result.set("assembled", Canonical.describe(assembler.toResponse()));
            return result;
        }
    }

    /** Decodes a stream fed in pieces of {@code size} bytes, as the transport would hand them over. */
    static Decoded decode(byte[] bytes, int size) {
        SseParser parser = new SseParser();
        StreamDecoder decoder = new AnthropicDialect().streamDecoder(AnthropicFixturesTest.upstream("m"));
        List<StreamEvent> events = new ArrayList<>();
        try {
            for (int offset = 0; offset < bytes.length; offset += size) {
                Buffer piece = Buffer.buffer().appendBytes(bytes, offset, Math.min(size, bytes.length - offset));
                for (SseEvent event : parser.feed(piece).events()) {
                    events.addAll(decoder.decode(event));
                }
            }
            events.addAll(decoder.end());
            return new Decoded(events, null);
        } catch (GatewayException e) {
            return new Decoded(events, e);
        }
    }

    static Buffer encode(List<StreamEvent> events) {
        Buffer out = Buffer.buffer();
        AnthropicEvents writer = new AnthropicEvents();
        events.forEach(e -> writer.write(e, out));
        return out;
    }

    /** Each server-sent event as {@code {"event": name, "data": payload}}. */
    static ArrayNode describe(Buffer sse) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (SseEvent event : new SseParser().feed(sse).events()) {
            out.addObject().put("event", event.event()).set("data", Json.parseUpstream(event.data()));
        }
        return out;
    }
}
