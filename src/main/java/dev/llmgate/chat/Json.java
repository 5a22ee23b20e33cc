package dev.llmgate.chat;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The gateway's one JSON mapper (immutable, shared) and the few tree operations every codec needs. */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // parsing happens on a few long-lived event-loop threads: a per-thread buffer pool beats a shared one
                    .recyclerPool(JsonRecyclerPools.threadLocalPool())
                    // request bodies may carry large base64 images; the body limit is enforced before parsing
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE).maxDocumentLength(-1).build())
                    .build())
            .build();

    private static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

    private Json() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** Parses a request body; malformed JSON or a non-object becomes a 400 that says where it broke. */
    public static ObjectNode parseObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new GatewayException.BadRequest("We could not parse the JSON body of your request: "
                    + e.getOriginalMessage() + locationOf(e), null, "invalid_json");
        }
        if (node == null || !node.isObject()) {
            throw new GatewayException.BadRequest(
                    "The request body must be a JSON object.", null, "invalid_json");
        }
        return (ObjectNode) node;
    }

    /** Parses an upstream body we expect to be a JSON object; anything else is an upstream fault. */
    public static ObjectNode parseUpstream(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node != null && node.isObject()) {
                return (ObjectNode) node;
            }
        } catch (JacksonException e) {
            // reported below with the start of the body
        }
        String start = new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8);
        throw new GatewayException.UpstreamUnreachable(
                "The upstream answered with something that is not a JSON object: " + start, "bad_upstream_response");
    }

    public static ObjectNode parseUpstream(String body) {
        return parseUpstream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@link #parseUpstream(byte[])} for a slice of a larger buffer (a stream event's data). */
    public static ObjectNode parseUpstream(byte[] bytes, int offset, int length) {
        try {
            JsonNode node = MAPPER.readTree(bytes, offset, length);
            if (node != null && node.isObject()) {
                return (ObjectNode) node;
            }
        } catch (JacksonException e) {
            // reported below with the start of the data
        }
        String start = new String(bytes, offset, Math.min(length, 200), java.nio.charset.StandardCharsets.UTF_8);
        throw new GatewayException.UpstreamUnreachable(
                "The upstream sent something that is not a JSON object: " + start, "bad_upstream_response");
    }

    public static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    public static String text(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** The fields of {@code node} not in {@code known}, for extras (null when there are none). */
    public static ObjectNode unknownFields(JsonNode node, java.util.Set<String> known) {
        ObjectNode extra = null;
        for (var field : node.properties()) {
            if (!known.contains(field.getKey())) {
                if (extra == null) {
                    extra = object();
                }
                extra.set(field.getKey(), field.getValue());
            }
        }
        return extra;
    }

    /** Copies into {@code target} every field of {@code extra} that it lacks, merging nested objects. */
    public static void mergeMissing(ObjectNode target, ObjectNode extra) {
        if (extra == null) {
            return;
        }
        for (var field : extra.properties()) {
            JsonNode existing = target.get(field.getKey());
            if (existing == null) {
                target.set(field.getKey(), field.getValue());
            } else if (existing.isObject() && field.getValue().isObject()) {
                mergeMissing((ObjectNode) existing, (ObjectNode) field.getValue());
            }
        }
    }

    private static String locationOf(JacksonException e) {
        var location = e.getLocation();
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
