package dev.llmgate.provider.anthropic;

import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.Choice;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.FinishReason;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.ToolCall;
import dev.llmgate.chat.WireObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic Messages responses, both ways: an upstream's {@code message} to the canonical response
 * ({@link #fromWire}), and a canonical response to the {@code message} an Anthropic client gets
 * ({@link #toWire}). An Anthropic answer passed to an Anthropic client comes back field for field.
 */
public final class AnthropicResponseCodec {

    private static final String DIALECT = AnthropicDialect.ID;
    private static final Set<String> RESPONSE_FIELDS = Set.of("id", "type", "role", "model", "content", "stop_reason",
            "usage");

    private AnthropicResponseCodec() {
    }

    public static ChatResponse fromWire(ObjectNode body) {
        try {
            WireObject wire = WireObject.root(body);
            List<Part> parts = new ArrayList<>();
            List<ToolCall> calls = new ArrayList<>();
            for (WireObject block : wire.objects("content")) {
                if ("tool_use".equals(block.optString("type"))) {
                    calls.add(AnthropicMessages.toolUseFromWire(block));
                } else {
                    parts.add(AnthropicBlocks.fromWire(block));
                }
            }
            String stopReason = wire.optString("stop_reason");
            // the exact stop reason is kept: several of Anthropic's map to one canonical reason
            ObjectNode choiceExtras = stopReason == null ? null : Json.object().put("stop_reason", stopReason);
            Choice choice = new Choice(0, new Message.Assistant(parts, calls, null, Extras.NONE),
                    finishReasonFromWire(stopReason, !calls.isEmpty()), Extras.of(DIALECT, choiceExtras));
            return new ChatResponse(wire.has("id") ? wire.optString("id") : "", wire.optString("model"), 0,
                    List.of(choice), AnthropicUsage.fromWire(wire.get("usage")),
                    Extras.of(DIALECT, wire.unknown(RESPONSE_FIELDS)));
        } catch (GatewayException.BadRequest malformed) {
            throw new GatewayException.UpstreamUnreachable(
                    "The upstream's answer was malformed: " + malformed.getMessage(), "bad_upstream_response");
        }
    }

    static FinishReason finishReasonFromWire(String reason, boolean calledTools) {
        if (reason == null) {
            return calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        }
        return switch (reason) {
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            // end_turn, stop_sequence, pause_turn (a server tool loop paused; the client continues it)
            default -> calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        };
    }

    /** Anthropic's stop reason for a canonical one, preferring the exact reason the upstream gave. */
    static String stopReasonToWire(FinishReason reason, String original) {
        if (original != null && finishReasonFromWire(original, reason == FinishReason.TOOL_CALLS) == reason) {
            return original;
        }
        return switch (reason) {
            case STOP -> "end_turn";
            case LENGTH -> "max_tokens";
            case TOOL_CALLS -> "tool_use";
            case CONTENT_FILTER -> "refusal";
        };
    }

    // ---- canonical to wire ----

    /** The client's {@code message}, from the first choice (Anthropic answers with exactly one). */
    public static ObjectNode toWire(ChatResponse response) {
        ObjectNode wire = Json.object();
        wire.put("id", response.id());
        wire.put("type", "message");
        wire.put("role", "assistant");
        wire.put("model", response.model());
        ArrayNode content = wire.putArray("content");
        Choice choice = response.choices().isEmpty() ? null : response.choices().getFirst();
        ObjectNode extras = response.extras().forDialect(DIALECT);
        JsonNode stopSequence = extras == null ? null : extras.get("stop_sequence");
        if (choice == null) {
            wire.put("stop_reason", "end_turn");
        } else {
            contentToWire(choice.message(), content);
            ObjectNode choiceExtras = choice.extras().forDialect(DIALECT);
            String original = choiceExtras == null ? null : choiceExtras.path("stop_reason").asString(null);
            if (original == null && stopSequence != null && stopSequence.isString()) {
                original = "stop_sequence";
            }
            wire.put("stop_reason", stopReasonToWire(choice.finishReason(), original));
        }
        if (stopSequence != null && stopSequence.isString()) {
            wire.put("stop_sequence", stopSequence.stringValue());
        } else {
            wire.putNull("stop_sequence");
        }
        wire.set("usage", response.usage() == null ? AnthropicUsage.empty() : AnthropicUsage.toWire(response.usage()));
        Json.mergeMissing(wire, extras);
        return wire;
    }

    /**
     * Content blocks for what the model said. Parts Anthropic clients cannot read (images, another dialect's
     * opaque content) are left out; reasoning from other providers has no signature, given as empty.
     */
    private static void contentToWire(Message.Assistant message, ArrayNode content) {
        for (Part part : message.parts()) {
            switch (part) {
                case Part.Thinking t -> {
                    ObjectNode block = content.addObject();
                    block.put("type", "thinking");
                    block.put("thinking", t.text());
                    block.put("signature", t.signature() == null ? "" : t.signature());
                    Json.mergeMissing(block, t.extras().forDialect(DIALECT));
                }
                case Part.Text t -> content.add(AnthropicBlocks.toWire(t, AnthropicBlocks.Place.ASSISTANT));
                case Part.RedactedThinking r -> content.add(AnthropicBlocks.toWire(r, AnthropicBlocks.Place.ASSISTANT));
                case Part.Opaque o -> {
                    if (o.extras().forDialect(DIALECT) != null) {
                        content.add(AnthropicBlocks.toWire(o, AnthropicBlocks.Place.ASSISTANT));
                    }
                }
                case Part.Image i -> { }
            }
        }
        if (message.refusal() != null) {
            content.addObject().put("type", "text").put("text", message.refusal());
        }
        for (ToolCall call : message.toolCalls()) {
            ObjectNode block = content.addObject();
            block.put("type", "tool_use");
            block.put("id", call.id());
            block.put("name", call.name());
            block.set("input", inputOf(call.arguments()));
            Json.mergeMissing(block, call.extras().forDialect(DIALECT));
        }
    }

    /**
     * A tool call's arguments as the object Anthropic clients expect. Arguments that are not a JSON object
     * (a generation cut short by the token limit) become an empty object: the client's schema has no other
     * place for them.
     */
    static JsonNode inputOf(String arguments) {
        if (arguments != null && !arguments.isBlank()) {
            try {
                JsonNode input = Json.MAPPER.readTree(arguments);
                if (input != null && input.isObject()) {
                    return input;
                }
            } catch (JacksonException e) {
                // an empty object, as documented above
            }
        }
        return Json.object();
    }
}
