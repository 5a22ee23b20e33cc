package dev.llmgate.provider.gemini;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schema, as clients write tool parameters and response formats, to the OpenAPI 3.0 subset that
 * Gemini's {@code Schema} accepts. Gemini answers 400 to any keyword outside that subset, so everything else
 * is rewritten or dropped: local {@code $ref}s are inlined (a recursive one becomes a plain object),
 * {@code allOf} is merged, {@code oneOf} becomes {@code anyOf}, {@code null} in a type list, an
 * {@code anyOf} or an enum becomes {@code nullable}, {@code const} a one-value enum, enum values strings,
 * and keywords Gemini rejects ({@code additionalProperties}, {@code $schema}, {@code exclusiveMinimum}, …)
 * are left out.
 */
final class GeminiSchemas {

    /** Keywords copied unchanged (Gemini's Schema fields that mean the same as in JSON Schema). */
    private static final Set<String> KEPT = Set.of("title", "description", "minimum", "maximum", "minLength",
            "maxLength", "pattern", "minItems", "maxItems", "minProperties", "maxProperties", "example",
            "propertyOrdering", "nullable");
    /** The formats the Gemini API accepts per type; any other format is a 400 there. */
    private static final Map<String, Set<String>> FORMATS = Map.of("STRING", Set.of("enum", "date-time"),
            "NUMBER", Set.of("float", "double"), "INTEGER", Set.of("int32", "int64"));
    private static final Set<String> TYPES = Set.of("STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT",
            "NULL");

    private final JsonNode root;
    private final String param;
    private final Deque<String> expanding = new ArrayDeque<>();

    private GeminiSchemas(JsonNode root, String param) {
        this.root = root;
        this.param = param;
    }

    /**
     * The Gemini form of {@code schema}; {@code param} names the request field it came from, for errors.
     * A schema that constrains nothing becomes an empty object.
     */
    static ObjectNode toWire(JsonNode schema, String param) {
        return new GeminiSchemas(schema, param).convert(schema);
    }

    private ObjectNode convert(JsonNode schema) {
        ObjectNode out = Json.object();
        if (schema == null || !schema.isObject()) {
            return out; // `true` or a malformed subschema: no constraint Gemini can express
        }
        copyKept(schema, out);
        type(schema, out);
        enumeration(schema, out);
        properties(schema, out);
        items(schema, out);
        if (schema.has("default") && !schema.get("default").isNull()) {
            out.set("default", schema.get("default"));
        }
        if (!schema.has("example") && schema.path("examples").isArray() && !schema.get("examples").isEmpty()) {
            out.set("example", schema.get("examples").get(0));
        }
        // the schema's own keywords win over those it references or combines
        alternatives(schema, out);
        if (schema.hasNonNull("$ref")) {
            mergeMissing(out, resolve(schema.get("$ref").asString()));
        }
        for (JsonNode member : schema.path("allOf")) {
            mergeMissing(out, convert(member));
        }
        inferType(out);
        format(schema, out);
        keepDeclaredRequired(out);
        return out;
    }

    private static void copyKept(JsonNode schema, ObjectNode out) {
        for (var field : schema.properties()) {
            if (KEPT.contains(field.getKey()) && !field.getValue().isNull()) {
                out.set(field.getKey(), field.getValue());
            }
        }
    }

    /** {@code "string"} → {@code STRING}; {@code ["string","null"]} → STRING + nullable; several → anyOf. */
    private void type(JsonNode schema, ObjectNode out) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return;
        }
        List<String> types = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asString("")));
        } else {
            types.add(type.asString(""));
        }
        if (types.size() > 1 && types.remove("null")) {
            out.put("nullable", true);
        }
        if (types.size() == 1) {
            out.put("type", typeName(types.getFirst()));
        } else if (types.size() > 1) {
            ArrayNode anyOf = out.putArray("anyOf");
            types.forEach(t -> anyOf.addObject().put("type", typeName(t)));
        }
    }

    private String typeName(String jsonType) {
        String name = jsonType.toUpperCase(Locale.ROOT);
        if (!TYPES.contains(name)) {
            throw new GatewayException.BadRequest("The schema in '" + param + "' uses type '" + jsonType
                    + "', which is not a JSON Schema type.", param, "invalid_schema");
        }
        return name;
    }

    /** anyOf / oneOf: null members become {@code nullable}; a single remaining member is inlined. */
    private void alternatives(JsonNode schema, ObjectNode out) {
        List<ObjectNode> members = new ArrayList<>();
        for (String keyword : List.of("anyOf", "oneOf")) {
            for (JsonNode member : schema.path(keyword)) {
                if ("null".equals(member.path("type").asString(null))) {
                    out.put("nullable", true);
                } else {
                    members.add(convert(member));
                }
            }
        }
        if (members.size() == 1) {
            mergeMissing(out, members.getFirst());
        } else if (!members.isEmpty()) {
            ArrayNode anyOf = out.has("anyOf") ? (ArrayNode) out.get("anyOf") : out.putArray("anyOf");
            members.forEach(anyOf::add);
        }
    }

    /** Gemini's enum holds strings only; {@code const} is a one-value enum; null makes the field nullable. */
    private static void enumeration(JsonNode schema, ObjectNode out) {
        List<JsonNode> values = new ArrayList<>();
        if (schema.has("const")) {
            values.add(schema.get("const"));
        } else if (schema.path("enum").isArray()) {
            schema.get("enum").forEach(values::add);
        } else {
            return;
        }
        if (values.removeIf(JsonNode::isNull)) {
            out.put("nullable", true);
        }
        if (values.isEmpty() || !values.stream().allMatch(v -> v.isString() || v.isNumber())) {
            if (!out.has("type") && !values.isEmpty() && values.getFirst().isBoolean()) {
                out.put("type", "BOOLEAN"); // a boolean enum constrains nothing Gemini can say
            }
            return;
        }
        ArrayNode strings = out.putArray("enum");
        values.forEach(v -> strings.add(v.asString()));
        if (!out.has("type")) {
            boolean numbers = values.stream().allMatch(JsonNode::isNumber);
            out.put("type", !numbers ? "STRING"
                    : values.stream().allMatch(JsonNode::isIntegralNumber) ? "INTEGER" : "NUMBER");
        }
        if (!out.path("type").asString("").equals("STRING")) {
            out.put("format", "enum"); // how Gemini spells an enum of numbers: {type: INTEGER, format: enum}
        }
    }

    private void properties(JsonNode schema, ObjectNode out) {
        JsonNode properties = schema.get("properties");
        if (properties == null || !properties.isObject()) {
            return;
        }
        ObjectNode converted = out.putObject("properties");
        for (var property : properties.properties()) {
            converted.set(property.getKey(), convert(property.getValue()));
        }
        ArrayNode required = out.putArray("required");
        for (JsonNode name : schema.path("required")) {
            if (name.isString()) {
                required.add(name);
            }
        }
    }

    /** Gemini rejects a required name that is not among the properties. */
    private static void keepDeclaredRequired(ObjectNode out) {
        JsonNode required = out.get("required");
        if (required == null) {
            return;
        }
        JsonNode properties = out.path("properties");
        ArrayNode declared = Json.MAPPER.createArrayNode();
        required.forEach(name -> {
            if (properties.has(name.asString())) {
                declared.add(name);
            }
        });
        if (declared.isEmpty()) {
            out.remove("required");
        } else {
            out.set("required", declared);
        }
    }

    /** {@code items} as one schema; the tuple form (an array of schemas) becomes an anyOf of them. */
    private void items(JsonNode schema, ObjectNode out) {
        JsonNode items = schema.get("items");
        if (items == null) {
            return;
        }
        if (items.isArray()) {
            ArrayNode anyOf = out.putObject("items").putArray("anyOf");
            items.forEach(item -> anyOf.add(convert(item)));
        } else {
            out.set("items", convert(items));
        }
    }

    private static void inferType(ObjectNode out) {
        if (out.has("type") || out.has("anyOf")) {
            return;
        }
        if (out.has("properties")) {
            out.put("type", "OBJECT");
        } else if (out.has("items")) {
            out.put("type", "ARRAY");
        }
    }

    private static void format(JsonNode schema, ObjectNode out) {
        if (out.has("format")) {
            return; // set by enumeration
        }
        String format = schema.path("format").asString(null);
        Set<String> accepted = FORMATS.get(out.path("type").asString(""));
        if (format != null && accepted != null && accepted.contains(format)) {
            out.put("format", format);
        }
    }

    /** A local reference ({@code #/$defs/X}, {@code #/definitions/X}, any JSON pointer into the root). */
    private ObjectNode resolve(String ref) {
        if (!ref.startsWith("#")) {
            throw new GatewayException.BadRequest("The schema in '" + param + "' refers to '" + ref
                    + "'; only references within the schema itself ('#/$defs/…') can be sent to Gemini.",
                    param, "invalid_schema");
        }
        if (expanding.contains(ref)) {
            return Json.object().put("type", "OBJECT"); // Gemini schemas cannot recurse: stop at one level
        }
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new GatewayException.BadRequest("The schema in '" + param + "' refers to '" + ref
                    + "', which it does not define.", param, "invalid_schema");
        }
        expanding.push(ref);
        try {
            return convert(target);
        } finally {
            expanding.pop();
        }
    }

    /** Adds the fields of {@code from} that {@code into} lacks; properties and required lists are joined. */
    private static void mergeMissing(ObjectNode into, ObjectNode from) {
        for (var field : from.properties()) {
            JsonNode existing = into.get(field.getKey());
            if (existing == null) {
                into.set(field.getKey(), field.getValue().deepCopy());
            } else if (field.getKey().equals("properties") && existing.isObject()) {
                Json.mergeMissing((ObjectNode) existing, (ObjectNode) field.getValue().deepCopy());
            } else if (field.getKey().equals("required") && existing.isArray()) {
                for (JsonNode name : field.getValue()) {
                    if (!contains(existing, name)) {
                        ((ArrayNode) existing).add(name);
                    }
                }
            }
        }
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode item : array) {
            if (item.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
