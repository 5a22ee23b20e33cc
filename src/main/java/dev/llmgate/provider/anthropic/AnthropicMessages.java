package dev.llmgate.provider.anthropic;

import dev.llmgate.chat.Extras;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.ToolCall;
import dev.llmgate.chat.WireObject;
import dev.llmgate.provider.anthropic.AnthropicBlocks.Place;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Conversation turns between Anthropic's wire form and canonical messages, both ways. Anthropic has no
 * system or tool roles: instructions are the top-level {@code system}, and tool results are
 * {@code tool_result} blocks inside user turns. So a user turn may become several canonical messages
 * (tool results and user content, in order), and canonical tool and user messages that follow each other
 * become one user turn again; turns of the same role are merged because Anthropic expects them to alternate.
 */
final class AnthropicMessages {

    private static final String DIALECT = AnthropicDialect.ID;
    private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content");
    private static final Set<String> TOOL_USE_FIELDS = Set.of("type", "id", "name", "input");
    private static final Set<String> TOOL_RESULT_FIELDS = Set.of("type", "tool_use_id", "content", "is_error");

    private AnthropicMessages() {
    }

    // ---- wire to canonical ----

    /** The top-level {@code system}: a string or an array of text blocks. */
    static Message.System systemFromWire(WireObject wire) {
        JsonNode system = wire.get("system");
        if (system == null) {
            return null;
        }
        if (system.isString()) {
            return new Message.System(List.of(Part.Text.of(system.stringValue())), false, Extras.NONE);
        }
        if (!system.isArray()) {
            throw wire.invalidType("system", "a string or an array of text blocks", system);
        }
        List<Part> parts = new ArrayList<>(system.size());
        for (WireObject block : wire.objects("system")) {
            String type = block.requiredString("type");
            if (!type.equals("text")) {
                throw block.invalidValue("type", type, "'text'");
            }
            parts.add(AnthropicBlocks.fromWire(block));
        }
        return new Message.System(parts, false, Extras.NONE);
    }

    /**
     * One wire turn as canonical messages. Fields of the turn itself that we do not know travel on its first
     * user or assistant message (an empty user message when the turn held only tool results).
     */
    static List<Message> fromWire(WireObject wire) {
        String role = wire.requiredString("role");
        if (!wire.has("content")) {
            throw wire.missing("content");
        }
        Extras extras = Extras.of(DIALECT, wire.unknown(MESSAGE_FIELDS));
        return switch (role) {
            case "user" -> userFromWire(wire, extras);
            case "assistant" -> List.of(assistantFromWire(wire, extras));
            default -> throw wire.invalidValue("role", role, "'user', 'assistant' (system instructions go in the "
                    + "top-level 'system' field)");
        };
    }

    private static List<Message> userFromWire(WireObject wire, Extras extras) {
        JsonNode content = wire.get("content");
        if (content.isString()) {
            return List.of(new Message.User(List.of(Part.Text.of(content.stringValue())), extras));
        }
        requireArray(wire, content);
        List<Message> out = new ArrayList<>(2);
        List<Part> pending = new ArrayList<>();
        boolean extrasPlaced = extras.isEmpty();
        for (WireObject block : wire.objects("content")) {
            String type = block.requiredString("type");
            if (type.equals("tool_use")) {
                throw block.invalidValue("type", type, "blocks other than 'tool_use' in user messages");
            }
            if (!type.equals("tool_result")) {
                pending.add(AnthropicBlocks.fromWire(block));
                continue;
            }
            if (!pending.isEmpty()) {
                out.add(new Message.User(pending, extrasPlaced ? Extras.NONE : extras));
                extrasPlaced = true;
                pending = new ArrayList<>();
            }
            out.add(toolResultFromWire(block));
        }
        if (!pending.isEmpty() || !extrasPlaced || out.isEmpty()) {
            out.add(new Message.User(pending, extrasPlaced ? Extras.NONE : extras));
        }
        return out;
    }

    /** A tool result's own unknown fields (e.g. its {@code cache_control}) are the tool message's extras. */
    private static Message.Tool toolResultFromWire(WireObject block) {
        String id = block.requiredString("tool_use_id");
        JsonNode content = block.get("content");
        List<Part> parts = new ArrayList<>();
        if (content != null && content.isString()) {
            parts.add(Part.Text.of(content.stringValue()));
        } else if (content != null) {
            requireArray(block, content);
            for (WireObject inner : block.objects("content")) {
                parts.add(AnthropicBlocks.fromWire(inner));
            }
        }
        return new Message.Tool(id, parts, Boolean.TRUE.equals(block.optBoolean("is_error")),
                Extras.of(DIALECT, block.unknown(TOOL_RESULT_FIELDS)));
    }

    private static Message.Assistant assistantFromWire(WireObject wire, Extras extras) {
        JsonNode content = wire.get("content");
        if (content.isString()) {
            return new Message.Assistant(List.of(Part.Text.of(content.stringValue())), List.of(), null, extras);
        }
        requireArray(wire, content);
        List<Part> parts = new ArrayList<>();
        List<ToolCall> calls = new ArrayList<>();
        for (WireObject block : wire.objects("content")) {
            String type = block.requiredString("type");
            if (type.equals("tool_result")) {
                throw block.invalidValue("type", type, "blocks other than 'tool_result' in assistant messages");
            }
            if (type.equals("tool_use")) {
                calls.add(toolUseFromWire(block));
            } else {
                parts.add(AnthropicBlocks.fromWire(block));
            }
        }
        return new Message.Assistant(parts, calls, null, extras);
    }

    /** A {@code tool_use} block as a tool call: its {@code input} object becomes the arguments' JSON text. */
    static ToolCall toolUseFromWire(WireObject block) {
        WireObject input = block.requiredObject("input");
        return new ToolCall(block.requiredString("id"), block.requiredString("name"), Json.text(input.node()),
                Extras.of(DIALECT, block.unknown(TOOL_USE_FIELDS)));
    }

    private static void requireArray(WireObject wire, JsonNode content) {
        if (!content.isArray()) {
            throw wire.invalidType("content", "a string or an array of content blocks", content);
        }
    }

    // ---- canonical to wire ----

    /** Every system message's parts as the top-level {@code system}, or null when there are none. */
    static JsonNode systemToWire(List<Message> messages) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        for (Message message : messages) {
            if (message instanceof Message.System system) {
                addBlocks(system.parts(), Place.SYSTEM, blocks);
            }
        }
        return blocks.isEmpty() ? null : compact(blocks);
    }

    /** The conversation without its system messages, as alternating Anthropic turns. */
    static ArrayNode toWire(List<Message> messages) {
        ArrayNode turns = Json.MAPPER.createArrayNode();
        for (Message message : messages) {
            switch (message) {
                case Message.System s -> { }
                case Message.User u -> append(turns, "user", blocks(u.parts(), Place.USER), u.extras());
                case Message.Assistant a -> append(turns, "assistant", assistantBlocks(a), a.extras());
                case Message.Tool t -> append(turns, "user", toolResult(t), Extras.NONE);
            }
        }
        for (JsonNode turn : turns) {
            ((ObjectNode) turn).set("content", compact((ArrayNode) turn.get("content")));
        }
        return turns;
    }

    /** Adds blocks to the last turn when it has the same role, else starts a new turn. */
    private static void append(ArrayNode turns, String role, ArrayNode blocks, Extras extras) {
        ObjectNode extra = extras.forDialect(DIALECT);
        if (blocks.isEmpty() && extra == null) {
            return; // an assistant turn with nothing Anthropic can read back, e.g. only unsigned reasoning
        }
        JsonNode last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        ObjectNode turn;
        if (last != null && role.equals(last.get("role").stringValue())) {
            turn = (ObjectNode) last;
            ((ArrayNode) turn.get("content")).addAll(blocks);
        } else {
            turn = turns.addObject();
            turn.put("role", role);
            turn.set("content", blocks);
        }
        Json.mergeMissing(turn, extra);
    }

    private static ArrayNode blocks(List<Part> parts, Place place) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        addBlocks(parts, place, blocks);
        return blocks;
    }

    private static void addBlocks(List<Part> parts, Place place, ArrayNode blocks) {
        for (Part part : parts) {
            ObjectNode block = AnthropicBlocks.toWire(part, place);
            if (block != null) {
                blocks.add(block);
            }
        }
    }

    /**
     * Content first, then the tool calls. The canonical message keeps them apart, so this is also where an
     * Anthropic turn's tool_use blocks come back: where Anthropic puts them, as it stops to await their results.
     */
    private static ArrayNode assistantBlocks(Message.Assistant message) {
        ArrayNode blocks = blocks(message.parts(), Place.ASSISTANT);
        for (ToolCall call : message.toolCalls()) {
            blocks.add(toolUseToWire(call));
        }
        return blocks;
    }

    static ObjectNode toolUseToWire(ToolCall call) {
        ObjectNode wire = Json.object();
        wire.put("type", "tool_use");
        wire.put("id", call.id());
        wire.put("name", call.name());
        wire.set("input", argumentsObject(call));
        Json.mergeMissing(wire, call.extras().forDialect(DIALECT));
        return wire;
    }

    /** Anthropic wants the arguments as an object; an empty string (a call with no arguments) is {@code {}}. */
    private static JsonNode argumentsObject(ToolCall call) {
        String arguments = call.arguments();
        if (arguments == null || arguments.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode input = Json.MAPPER.readTree(arguments);
            if (input != null && input.isObject()) {
                return input;
            }
        } catch (JacksonException e) {
            // reported below
        }
        throw new GatewayException.BadRequest("The arguments of tool call '" + call.id() + "' must be a JSON object "
                + "to be sent to an Anthropic upstream, but they are: " + abbreviate(arguments), "messages",
                "invalid_value");
    }

    private static ArrayNode toolResult(Message.Tool message) {
        ObjectNode result = Json.object();
        result.put("type", "tool_result");
        result.put("tool_use_id", message.toolCallId());
        ArrayNode content = blocks(message.parts(), Place.TOOL_RESULT);
        if (!content.isEmpty()) {
            result.set("content", compact(content));
        }
        if (message.isError()) {
            result.put("is_error", true);
        }
        Json.mergeMissing(result, message.extras().forDialect(DIALECT));
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        blocks.add(result);
        return blocks;
    }

    /** One bare text block is written as a plain string, the form most clients send. */
    static JsonNode compact(ArrayNode blocks) {
        if (blocks.size() == 1 && AnthropicBlocks.isPlainText(blocks.get(0))) {
            return blocks.get(0).get("text");
        }
        return blocks;
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
