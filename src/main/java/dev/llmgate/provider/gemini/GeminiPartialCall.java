package dev.llmgate.provider.gemini;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A function call whose arguments Vertex AI streams piece by piece ({@code streamFunctionCallArguments}):
 * a part {@code {functionCall: {name, willContinue: true}}}, then parts of {@code partialArgs}, each a value
 * at a JSON path ({@code $.location}, {@code $.items[0].name}), string values arriving in fragments, until a
 * function call part without {@code willContinue}. The arguments are rebuilt as a JSON object and handed on
 * whole when the call ends, like every other Gemini call.
 */
final class GeminiPartialCall {

    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();

    private final int index;
    private final String id;
    private final String name;
    private final ObjectNode arguments = Json.object();

    GeminiPartialCall(int index, String id, String name) {
        this.index = index;
        this.id = id;
        this.name = name;
    }

    /** Applies one part's {@code partialArgs}. */
    void accept(JsonNode partialArgs) {
        for (JsonNode arg : partialArgs) {
            String path = arg.path("jsonPath").asString("");
            List<Object> steps = steps(path);
            if (steps.isEmpty()) {
                throw unreadable(path);
            }
            set(steps, arg);
        }
    }

    StreamEvent.ToolCallDelta finish() {
        return new StreamEvent.ToolCallDelta(index, id, name, Json.text(arguments));
    }

    private void set(List<Object> steps, JsonNode arg) {
        JsonNode node = arguments;
        for (int i = 0; i < steps.size() - 1; i++) {
            node = child(node, steps.get(i), steps.get(i + 1) instanceof Integer);
        }
        Object last = steps.getLast();
        JsonNode existing = get(node, last);
        JsonNode value;
        if (arg.has("stringValue")) {
            String piece = arg.get("stringValue").asString("");
            value = NODES.stringNode(existing != null && existing.isString() ? existing.stringValue() + piece : piece);
        } else if (arg.has("numberValue")) {
            value = arg.get("numberValue");
        } else if (arg.has("boolValue")) {
            value = arg.get("boolValue");
        } else {
            value = NODES.nullNode();
        }
        put(node, last, value);
    }

    /** The container at {@code step} under {@code parent}, created (as an array if {@code array}) when absent. */
    private static JsonNode child(JsonNode parent, Object step, boolean array) {
        JsonNode existing = get(parent, step);
        if (existing != null && existing.isContainer()) {
            return existing;
        }
        JsonNode created = array ? Json.MAPPER.createArrayNode() : Json.object();
        put(parent, step, created);
        return created;
    }

    private static JsonNode get(JsonNode container, Object step) {
        if (container instanceof ObjectNode object && step instanceof String key) {
            return object.get(key);
        }
        if (container instanceof ArrayNode array && step instanceof Integer position && position < array.size()) {
            return array.get(position);
        }
        return null;
    }

    private static void put(JsonNode container, Object step, JsonNode value) {
        if (container instanceof ObjectNode object && step instanceof String key) {
            object.set(key, value);
        } else if (container instanceof ArrayNode array && step instanceof Integer position) {
            while (array.size() <= position) {
                array.addNull();
            }
            array.set(position, value);
        } else {
            throw new GatewayException.UpstreamUnreachable("Gemini streamed arguments whose paths disagree "
                    + "about the shape of the arguments.", "bad_upstream_response");
        }
    }

    /** {@code $.a.b[0]['c d']} as the steps "a", "b", 0, "c d"; empty when the path cannot be read. */
    static List<Object> steps(String path) {
        List<Object> steps = new ArrayList<>();
        if (!path.startsWith("$")) {
            return List.of();
        }
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    return List.of();
                }
                steps.add(path.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    return List.of();
                }
                String inside = path.substring(i + 1, close);
                if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'")
                        || inside.startsWith("\"") && inside.endsWith("\""))) {
                    steps.add(inside.substring(1, inside.length() - 1));
                } else {
                    if (inside.isEmpty() || !inside.chars().allMatch(Character::isDigit) || inside.length() > 6) {
                        return List.of();
                    }
                    steps.add(Integer.parseInt(inside));
                }
                i = close + 1;
            } else {
                return List.of();
            }
        }
        return steps;
    }

    private static GatewayException unreadable(String path) {
        return new GatewayException.UpstreamUnreachable("Gemini streamed a function argument at the path '" + path
                + "', which the gateway cannot read.", "bad_upstream_response");
    }
}
