package dev.llmgate.provider.gemini;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.ToolCall;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The conversation as Gemini {@code contents}: system messages gather into {@code systemInstruction}; user
 * turns and tool results take role {@code user}, assistant turns role {@code model}; consecutive turns of one
 * role merge into one content (Gemini wants the answers to parallel calls in one turn). Tool results become
 * {@code functionResponse} parts, which Gemini matches by function name, so the name is looked up from the
 * assistant call with the result's id. Thought signatures go back where Gemini put them: on the function
 * call (from its id, see {@link GeminiToolCallIds}) or on the part that followed the reasoning.
 */
final class GeminiContents {

    /** What goes into the body: the turns, and the system instruction (null when there is none). */
    record Wire(ArrayNode contents, ObjectNode systemInstruction) {}

    private final List<Message> messages;
    private final ArrayNode contents = Json.MAPPER.createArrayNode();
    private final ArrayNode system = Json.MAPPER.createArrayNode();

    private GeminiContents(List<Message> messages) {
        this.messages = messages;
    }

    static Wire toWire(List<Message> messages) {
        GeminiContents converter = new GeminiContents(messages);
        for (int i = 0; i < messages.size(); i++) {
            converter.add(i);
        }
        if (converter.contents.isEmpty()) {
            throw new GatewayException.BadRequest("Gemini needs at least one user or assistant message with "
                    + "content; this request has none.", "messages", "invalid_value");
        }
        ObjectNode instruction = null;
        if (!converter.system.isEmpty()) {
            instruction = Json.object();
            instruction.set("parts", converter.system);
        }
        return new Wire(converter.contents, instruction);
    }

    private void add(int index) {
        String param = "messages[" + index + "]";
        switch (messages.get(index)) {
            case Message.System s -> {
                for (Part part : s.parts()) {
                    if (!(part instanceof Part.Text t)) {
                        throw new GatewayException.BadRequest("Gemini accepts only text in system messages.",
                                param + ".content", "invalid_value");
                    }
                    if (!t.text().isEmpty()) {
                        system.addObject().put("text", t.text());
                    }
                }
            }
            case Message.User u -> append("user", contentParts(u.parts(), param));
            case Message.Assistant a -> append("model", modelParts(a, param));
            case Message.Tool t -> {
                List<ObjectNode> parts = new ArrayList<>();
                parts.add(functionResponse(t, index, param));
                parts.addAll(contentParts(t.parts().stream().filter(p -> !(p instanceof Part.Text)).toList(), param));
                append("user", parts);
            }
        }
    }

    private void append(String role, List<ObjectNode> parts) {
        if (parts.isEmpty()) {
            return; // Gemini rejects a turn without parts
        }
        JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
        ArrayNode target;
        if (last != null && role.equals(last.path("role").asString())) {
            target = (ArrayNode) last.get("parts");
        } else {
            ObjectNode content = contents.addObject();
            content.put("role", role);
            target = content.putArray("parts");
        }
        parts.forEach(target::add);
    }

    private static List<ObjectNode> contentParts(List<Part> parts, String param) {
        List<ObjectNode> out = new ArrayList<>(parts.size());
        for (Part part : parts) {
            switch (part) {
                case Part.Text t -> {
                    if (!t.text().isEmpty()) {
                        out.add(Json.object().put("text", t.text()));
                    }
                }
                case Part.Image i -> out.add(GeminiMedia.toWire(i, param + ".content"));
                case Part.Opaque o -> out.add(opaque(o, param));
                case Part.Thinking t -> { } // a client's own reasoning in a user turn means nothing to Gemini
                case Part.RedactedThinking r -> { }
            }
        }
        return out;
    }

    /**
     * An assistant turn: reasoning as {@code thought} parts, then text, then function calls. A thinking
     * part's signature is put on the part right after it, since Gemini signs the part that follows its
     * reasoning (the first answer part or the function call); it stays on the thought when nothing follows.
     */
    private static List<ObjectNode> modelParts(Message.Assistant message, String param) {
        List<ObjectNode> out = new ArrayList<>();
        String pending = null;
        ObjectNode lastThought = null;
        for (Part part : message.parts()) {
            if (part instanceof Part.Thinking t) {
                if (pending != null) {
                    signed(lastThought, pending, out); // two signed reasonings in a row: each keeps its own
                }
                lastThought = t.text().isEmpty() ? null : thought(t.text(), out);
                pending = t.signature();
            } else if (!(part instanceof Part.RedactedThinking)) { // encrypted reasoning of another provider
                for (ObjectNode wire : contentParts(List.of(part), param)) {
                    sign(wire, pending, lastThought, out);
                    pending = null;
                    out.add(wire);
                }
            }
        }
        if (message.refusal() != null && !message.refusal().isEmpty()) {
            out.add(Json.object().put("text", message.refusal()));
        }
        for (int i = 0; i < message.toolCalls().size(); i++) {
            ToolCall call = message.toolCalls().get(i);
            ObjectNode wire = Json.object();
            ObjectNode function = wire.putObject("functionCall");
            function.put("name", call.name());
            function.set("args", arguments(call, param + ".tool_calls[" + i + "].function.arguments"));
            String signature = GeminiToolCallIds.signatureOf(call.id());
            if (signature != null) {
                wire.put("thoughtSignature", signature);
            }
            sign(wire, pending, lastThought, out);
            pending = null;
            out.add(wire);
        }
        if (pending != null) {
            signed(lastThought, pending, out);
        }
        return out;
    }

    private static ObjectNode thought(String text, List<ObjectNode> out) {
        ObjectNode part = Json.object().put("text", text).put("thought", true);
        out.add(part);
        return part;
    }

    /** Puts {@code signature} on {@code thought}, or on a new empty thought part when there is none. */
    private static void signed(ObjectNode thought, String signature, List<ObjectNode> out) {
        (thought != null ? thought : thought("", out)).put("thoughtSignature", signature);
    }

    /** Puts the reasoning's signature on the part after it or, when that part is signed already, on the reasoning. */
    private static void sign(ObjectNode next, String pending, ObjectNode thought, List<ObjectNode> out) {
        if (pending == null) {
            return;
        }
        if (next.has("thoughtSignature")) {
            signed(thought, pending, out);
        } else {
            next.put("thoughtSignature", pending);
        }
    }

    private static JsonNode arguments(ToolCall call, String param) {
        String text = call.arguments();
        if (text == null || text.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode args = Json.MAPPER.readTree(text);
            if (args != null && args.isObject()) {
                return args;
            }
        } catch (JacksonException e) {
            // reported below
        }
        throw new GatewayException.BadRequest("The arguments of tool call '" + call.id() + "' must be a JSON "
                + "object for Gemini, which takes function arguments as an object.", param, "invalid_value");
    }

    /**
     * The result as {@code {"output": …}} (or {@code {"error": …}}), the keys Gemini's documentation asks
     * for; text that is a JSON object or array is sent as that JSON, other text as a string.
     */
    private ObjectNode functionResponse(Message.Tool result, int index, String param) {
        ObjectNode wire = Json.object();
        ObjectNode function = wire.putObject("functionResponse");
        function.put("name", callName(result.toolCallId(), index, param));
        StringBuilder text = new StringBuilder();
        result.parts().forEach(p -> {
            if (p instanceof Part.Text t) {
                text.append(t.text());
            }
        });
        function.putObject("response").set(result.isError() ? "error" : "output", outputValue(text.toString()));
        return wire;
    }

    private static JsonNode outputValue(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                return Json.MAPPER.readTree(trimmed);
            } catch (JacksonException notJson) {
                // sent as text
            }
        }
        return Json.MAPPER.getNodeFactory().stringNode(text);
    }

    /** The function name of the nearest earlier assistant call with this id (ids may repeat across turns). */
    private String callName(String toolCallId, int index, String param) {
        for (int i = index - 1; i >= 0; i--) {
            if (messages.get(i) instanceof Message.Assistant assistant) {
                for (ToolCall call : assistant.toolCalls()) {
                    if (toolCallId.equals(call.id())) {
                        return call.name();
                    }
                }
            }
        }
        throw new GatewayException.BadRequest("The tool result in '" + param + "' answers tool call '" + toolCallId
                + "', which no earlier assistant message made; Gemini needs that call to know the function's name.",
                param + ".tool_call_id", "invalid_value");
    }

    private static ObjectNode opaque(Part.Opaque part, String param) {
        ObjectNode original = part.extras().forDialect(GeminiDialect.ID);
        if (original == null) {
            throw new GatewayException.BadRequest("Content of type '" + part.type()
                    + "' cannot be sent to a Gemini upstream.", param + ".content", "invalid_value");
        }
        return original;
    }
}
