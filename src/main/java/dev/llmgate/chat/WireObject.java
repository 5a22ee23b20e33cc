package dev.llmgate.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON object from a client, read field by field: a missing or mistyped field becomes a 400 that names
 * it by its full path ({@code messages[2].content}), so the client knows what to fix.
 */
public record WireObject(ObjectNode node, String path) {

    public static WireObject root(ObjectNode node) {
        return new WireObject(node, "");
    }

    public String pathOf(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    public boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    public JsonNode get(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    public String requiredString(String field) {
        String value = optString(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    public String optString(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            throw invalidType(field, "a string", value);
        }
        return value.stringValue();
    }

    public Double optNumber(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalidType(field, "a number", value);
        }
        return value.doubleValue();
    }

    public Integer optInt(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalidType(field, "an integer", value);
        }
        return value.intValue();
    }

    public Long optLong(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalidType(field, "an integer", value);
        }
        return value.longValue();
    }

    public Boolean optBoolean(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw invalidType(field, "a boolean", value);
        }
        return value.booleanValue();
    }

    public WireObject optObject(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw invalidType(field, "an object", value);
        }
        return new WireObject((ObjectNode) value, pathOf(field));
    }

    public WireObject requiredObject(String field) {
        WireObject value = optObject(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    public ArrayNode optArray(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw invalidType(field, "an array", value);
        }
        return (ArrayNode) value;
    }

    /** The objects of array {@code field}, each readable with its own path ({@code field[i]}). */
    public List<WireObject> objects(String field) {
        ArrayNode array = optArray(field);
        if (array == null) {
            return List.of();
        }
        List<WireObject> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            String itemPath = pathOf(field) + "[" + i + "]";
            if (!item.isObject()) {
                throw new GatewayException.BadRequest("Invalid type for '" + itemPath + "': expected an object, but got "
                        + describe(item) + " instead.", itemPath, "invalid_type");
            }
            out.add(new WireObject((ObjectNode) item, itemPath));
        }
        return out;
    }

    /** A list of strings given either as one string or as an array of strings. */
    public List<String> stringOrStrings(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return List.of();
        }
        if (value.isString()) {
            return List.of(value.stringValue());
        }
        if (value.isArray()) {
            List<String> out = new ArrayList<>(value.size());
            for (JsonNode item : value) {
                if (!item.isString()) {
                    throw invalidType(field, "a string or an array of strings", value);
                }
                out.add(item.stringValue());
            }
            return out;
        }
        throw invalidType(field, "a string or an array of strings", value);
    }

    /** The fields not in {@code known}, kept as extras (null when there are none). */
    public ObjectNode unknown(Set<String> known) {
        return Json.unknownFields(node, known);
    }

    /**
     * The fields not in {@code known}, and the known ones the client set to an explicit {@code null} (which a
     * canonical field cannot tell from absent), kept as extras so the same dialect gets them back as sent.
     */
    public ObjectNode unknownOrNull(Set<String> known) {
        ObjectNode extra = unknown(known);
        for (var field : node.properties()) {
            if (field.getValue().isNull() && known.contains(field.getKey())) {
                extra = extra == null ? Json.object() : extra;
                extra.putNull(field.getKey());
            }
        }
        return extra;
    }

    public GatewayException.BadRequest missing(String field) {
        return new GatewayException.BadRequest("Missing required parameter: '" + pathOf(field) + "'.", pathOf(field),
                "missing_required_parameter");
    }

    public GatewayException.BadRequest invalidType(String field, String expected, JsonNode got) {
        return new GatewayException.BadRequest("Invalid type for '" + pathOf(field) + "': expected " + expected
                + ", but got " + describe(got) + " instead.", pathOf(field), "invalid_type");
    }

    public GatewayException.BadRequest invalidValue(String field, String value, String supported) {
        return new GatewayException.BadRequest("Invalid value for '" + pathOf(field) + "': '" + value
                + "'. Supported values are: " + supported + ".", pathOf(field), "invalid_value");
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
