package dev.llmgate.provider.gemini;

import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The parts of one Gemini candidate, chunk after chunk, as canonical events. Used for streams and, fed a
 * whole response as one chunk, for complete answers too, so both read Gemini the same way.
 *
 * <ul>
 *   <li>{@code thought: true} text is reasoning; a {@code thoughtSignature} on any text part closes the
 *       reasoning before it, kept byte-exact (Gemini signs the part that follows its thoughts).</li>
 *   <li>A function call becomes one {@link StreamEvent.ToolCallDelta} with an id from
 *       {@link GeminiToolCallIds} (which carries the call's signature) and its whole arguments: Gemini
 *       sends calls whole, and Vertex's streamed arguments are gathered by {@link GeminiPartialCall}.</li>
 *   <li>Parts the canonical model cannot carry (generated images, executable code and its results) are
 *       left out; their signatures are still kept.</li>
 * </ul>
 * One per candidate; not thread-safe.
 */
final class GeminiCandidateDecoder {

    private int calls;
    private GeminiPartialCall open;

    /** The events carried by one chunk's {@code candidate.content.parts}. */
    List<StreamEvent> decode(JsonNode parts, String responseId) {
        List<StreamEvent> events = new ArrayList<>(2);
        for (JsonNode part : parts) {
            String signature = signature(part);
            JsonNode call = part.get("functionCall");
            if (call != null && call.isObject()) {
                functionCall(call, signature, responseId, events);
                continue;
            }
            String text = part.path("text").asString("");
            if (part.path("thought").asBoolean(false)) {
                if (!text.isEmpty() || signature != null) {
                    events.add(new StreamEvent.ReasoningDelta(text.isEmpty() ? null : text, signature));
                }
                continue;
            }
            if (signature != null) {
                events.add(new StreamEvent.ReasoningDelta(null, signature));
            }
            if (!text.isEmpty()) {
                events.add(new StreamEvent.TextDelta(text));
            }
        }
        return events;
    }

    /** Ends a call whose streamed arguments were still open (the answer finished without closing it). */
    List<StreamEvent> close() {
        if (open == null) {
            return List.of();
        }
        StreamEvent event = open.finish();
        open = null;
        return List.of(event);
    }

    boolean calledTools() {
        return calls > 0;
    }

    private void functionCall(JsonNode call, String signature, String responseId, List<StreamEvent> events) {
        String name = call.path("name").asString(null);
        boolean continues = call.path("willContinue").asBoolean(false);
        if (name != null) {
            events.addAll(close());
            String id = GeminiToolCallIds.id(responseId, calls, name, signature);
            if (continues) {
                open = new GeminiPartialCall(calls, id, name);
            } else {
                JsonNode args = call.get("args");
                events.add(new StreamEvent.ToolCallDelta(calls, id, name,
                        args == null || args.isNull() ? "{}" : Json.text(args)));
            }
            calls++;
            return;
        }
        if (open == null) {
            return; // the closing part of a streamed call already closed
        }
        if (call.has("partialArgs")) {
            open.accept(call.get("partialArgs"));
        }
        if (!continues) {
            events.addAll(close());
        }
    }

    private static String signature(JsonNode part) {
        String signature = part.path("thoughtSignature").asString("");
        return signature.isEmpty() ? null : signature;
    }
}
