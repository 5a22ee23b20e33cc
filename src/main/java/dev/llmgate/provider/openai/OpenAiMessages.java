package dev.llmgate.provider.openai;

import dev.llmgate.chat.CacheMarker;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.ToolCall;
import dev.llmgate.chat.WireObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Messages, content parts and tool calls between OpenAI's chat wire format and the canonical model, both
 * ways. Reasoning fields of assistant turns ({@code reasoning_details}, {@code reasoning_content},
 * {@code reasoning}) become thinking parts and are also kept verbatim for OpenAI-dialect upstreams.
 */
final class OpenAiMessages {

    static final String DIALECT = OpenAiDialect.ID;
    private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content", "tool_calls", "tool_call_id",
            "refusal");
    private static final Set<String> PART_FIELDS = Set.of("type", "text", "image_url", "cache_control");
    private static final Set<String> IMAGE_FIELDS = Set.of("url", "detail");
    private static final Set<String> CALL_FIELDS = Set.of("id", "type", "function");
    private static final Set<String> FUNCTION_FIELDS = Set.of("name", "arguments");
    private static final String ROLES = "'system', 'developer', 'user', 'assistant', 'tool'";

    private OpenAiMessages() {
    }

    // ---- wire to canonical ----

    static Message fromWire(WireObject wire) {
        String role = wire.requiredString("role");
        ObjectNode kept = wire.unknownOrNull(MESSAGE_FIELDS);
        if (kept != null && wire.node().path("content").isNull()) {
            kept.remove("content"); // an empty assistant turn is written with content: null anyway
        }
        Extras extras = Extras.of(DIALECT, kept);
        return switch (role) {
            case "system", "developer" -> new Message.System(requiredContent(wire), role.equals("developer"), extras);
            case "user" -> new Message.User(requiredContent(wire), extras);
            case "assistant" -> new Message.Assistant(assistantParts(wire), toolCallsFromWire(wire),
                    wire.optString("refusal"), extras);
            case "tool" -> new Message.Tool(wire.requiredString("tool_call_id"), requiredContent(wire), false, extras);
            case "function" -> throw new GatewayException.BadRequest("The 'function' role is deprecated and not "
                    + "supported; send tool results with role 'tool'.", wire.pathOf("role"), "invalid_value");
            default -> throw wire.invalidValue("role", role, ROLES);
        };
    }

    private static List<Part> requiredContent(WireObject wire) {
        if (!wire.has("content")) {
            throw wire.missing("content");
        }
        return content(wire);
    }

    static List<Part> content(WireObject wire) {
        JsonNode content = wire.get("content");
        if (content == null) {
            return List.of();
        }
        if (content.isString()) {
            return List.of(Part.Text.of(content.stringValue()));
        }
        if (!content.isArray()) {
            throw wire.invalidType("content", "a string or an array of content parts", content);
        }
        List<Part> parts = new ArrayList<>(content.size());
        for (WireObject part : wire.objects("content")) {
            parts.add(partFromWire(part));
        }
        return parts;
    }

    private static Part partFromWire(WireObject wire) {
        String type = wire.requiredString("type");
        ObjectNode unknown = OpenAiExtras.withCacheControl(wire, wire.unknownOrNull(PART_FIELDS));
        return switch (type) {
            case "text" -> new Part.Text(wire.requiredString("text"), cacheMarker(wire),
                    Extras.of(DIALECT, unknown));
            case "image_url" -> {
                WireObject image = wire.requiredObject("image_url");
                ObjectNode imageUnknown = image.unknown(IMAGE_FIELDS);
                if (imageUnknown != null) {
                    unknown = unknown == null ? Json.object() : unknown;
                    unknown.set("image_url", imageUnknown);
                }
                yield new Part.Image(image.requiredString("url"), image.optString("detail"), cacheMarker(wire),
                        Extras.of(DIALECT, unknown));
            }
            // Mistral's reasoning as a content part: kept whole, so that Mistral gets it back as it sent it
            case "thinking" -> new Part.Thinking(thinkingText(wire), wire.optString("signature"),
                    new Extras(DIALECT, wire.node()));
            default -> new Part.Opaque(type, new Extras(DIALECT, wire.node()));
        };
    }

    /** Mistral streams and returns thinking as {"type":"thinking","thinking":[{"type":"text","text":…}]}. */
    private static String thinkingText(WireObject wire) {
        JsonNode thinking = wire.get("thinking");
        if (thinking == null) {
            return "";
        }
        if (thinking.isString()) {
            return thinking.stringValue();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode piece : thinking) {
            text.append(piece.path("text").asString(""));
        }
        return text.toString();
    }

    static CacheMarker cacheMarker(WireObject wire) {
        WireObject marker = wire.optObject("cache_control");
        return marker == null ? null : new CacheMarker(marker.optString("ttl"));
    }

    private static List<Part> assistantParts(WireObject wire) {
        List<Part> reasoning = reasoningFromWire(wire);
        List<Part> content = content(wire);
        if (reasoning.isEmpty()) {
            return content;
        }
        List<Part> parts = new ArrayList<>(reasoning);
        parts.addAll(content);
        return parts;
    }

    /**
     * Reasoning of an assistant turn, in the forms OpenAI-compatible vendors use: {@code reasoning_details}
     * when present (see {@link OpenAiReasoning#detailsFromWire}), else the text of {@code reasoning_content}
     * or {@code reasoning}.
     */
    static List<Part> reasoningFromWire(WireObject wire) {
        String text = null;
        for (String field : List.of("reasoning_content", "reasoning")) {
            JsonNode value = wire.get(field);
            if (value != null && value.isString() && !value.stringValue().isEmpty()) {
                text = value.stringValue();
                break;
            }
        }
        JsonNode details = wire.get("reasoning_details");
        if (details != null && details.isArray() && !details.isEmpty()) {
            return OpenAiReasoning.detailsFromWire(details, text);
        }
        return text == null ? List.of() : List.of(new Part.Thinking(text, null, Extras.NONE));
    }

    static List<ToolCall> toolCallsFromWire(WireObject wire) {
        List<WireObject> calls = wire.objects("tool_calls");
        if (calls.isEmpty()) {
            return List.of();
        }
        List<ToolCall> out = new ArrayList<>(calls.size());
        for (WireObject call : calls) {
            WireObject function = call.requiredObject("function");
            ObjectNode unknown = call.unknown(CALL_FIELDS);
            ObjectNode functionUnknown = function.unknown(FUNCTION_FIELDS);
            if (functionUnknown != null) {
                unknown = unknown == null ? Json.object() : unknown;
                unknown.set("function", functionUnknown);
            }
            String arguments = function.optString("arguments");
            out.add(new ToolCall(call.requiredString("id"), function.requiredString("name"),
                    arguments == null ? "" : arguments, Extras.of(DIALECT, unknown)));
        }
        return out;
    }

    // ---- canonical to wire ----

    static ObjectNode toWire(Message message) {
        ObjectNode wire = Json.object();
        switch (message) {
            case Message.System s -> {
                wire.put("role", s.developer() ? "developer" : "system");
                wire.set("content", contentToWire(s.parts(), "system"));
            }
            case Message.User u -> {
                wire.put("role", "user");
                wire.set("content", contentToWire(u.parts(), "user"));
            }
            case Message.Assistant a -> assistantToWire(a, wire);
            case Message.Tool t -> {
                wire.put("role", "tool");
                wire.put("tool_call_id", t.toolCallId());
                wire.set("content", contentToWire(t.parts(), "tool"));
            }
        }
        Json.mergeMissing(wire, message.extras().forDialect(DIALECT));
        return wire;
    }

    private static void assistantToWire(Message.Assistant message, ObjectNode wire) {
        wire.put("role", "assistant");
        JsonNode content = contentToWire(message.parts(), "assistant");
        if (content.isArray() && content.isEmpty()) {
            wire.putNull("content");
        } else {
            wire.set("content", content);
        }
        if (message.refusal() != null) {
            wire.put("refusal", message.refusal());
        }
        if (!message.toolCalls().isEmpty()) {
            ArrayNode calls = wire.putArray("tool_calls");
            for (ToolCall call : message.toolCalls()) {
                calls.add(toolCallToWire(call));
            }
        }
    }

    static ObjectNode toolCallToWire(ToolCall call) {
        ObjectNode wire = Json.object();
        wire.put("id", call.id());
        wire.put("type", "function");
        ObjectNode function = wire.putObject("function");
        function.put("name", call.name());
        function.put("arguments", call.arguments());
        Json.mergeMissing(wire, call.extras().forDialect(DIALECT));
        return wire;
    }

    /**
     * A plain string when the content is one unmarked text part, else an array of parts. Thinking parts are
     * left out unless they came as content parts of this dialect (Mistral's): an OpenAI-dialect client's own
     * reasoning fields travel in the message's extras, and other dialects' signed thinking means nothing to an
     * OpenAI-compatible upstream.
     */
    private static JsonNode contentToWire(List<Part> all, String role) {
        List<Part> parts = all.stream()
                .filter(p -> !(p instanceof Part.Thinking t && t.extras().forDialect(DIALECT) == null)
                        && !(p instanceof Part.RedactedThinking))
                .toList();
        if (parts.size() == 1 && parts.getFirst() instanceof Part.Text t && t.cache() == null && t.extras().isEmpty()) {
            return Json.MAPPER.getNodeFactory().stringNode(t.text());
        }
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Part part : parts) {
            array.add(partToWire(part, role));
        }
        return array;
    }

    private static ObjectNode partToWire(Part part, String role) {
        ObjectNode wire = Json.object();
        switch (part) {
            case Part.Text t -> {
                wire.put("type", "text");
                wire.put("text", t.text());
            }
            case Part.Image i -> {
                if (!role.equals("user")) {
                    throw new GatewayException.BadRequest("Images are accepted only in user messages by "
                            + "OpenAI-compatible upstreams, not in " + role + " messages.", "messages", "invalid_value");
                }
                wire.put("type", "image_url");
                ObjectNode image = wire.putObject("image_url");
                image.put("url", i.url());
                if (i.detail() != null) {
                    image.put("detail", i.detail());
                }
            }
            case Part.Opaque o -> {
                ObjectNode original = o.extras().forDialect(DIALECT);
                if (original == null) {
                    throw new GatewayException.BadRequest("Content of type '" + o.type()
                            + "' cannot be sent to an OpenAI-compatible upstream.", "messages", "invalid_value");
                }
                return original;
            }
            case Part.Thinking t -> {
                return t.extras().forDialect(DIALECT); // only this dialect's own thinking parts get here
            }
            case Part.RedactedThinking r -> throw new IllegalStateException("thinking parts are filtered before encoding");
        }
        CacheMarker cache = part.cacheMarker();
        if (cache != null) {
            ObjectNode marker = wire.putObject("cache_control");
            marker.put("type", "ephemeral");
            if (cache.ttl() != null) {
                marker.put("ttl", cache.ttl());
            }
        }
        Json.mergeMissing(wire, part.extras().forDialect(DIALECT));
        return wire;
    }
}
