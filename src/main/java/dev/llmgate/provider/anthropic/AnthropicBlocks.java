package dev.llmgate.provider.anthropic;

import dev.llmgate.chat.CacheMarker;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.WireObject;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Content blocks other than tool use and tool results, between Anthropic's wire form and canonical parts:
 * {@code text}, {@code image}, {@code thinking}, {@code redacted_thinking}; every other block type
 * (documents, search results, server tool blocks) is kept whole as an opaque part for Anthropic upstreams.
 */
final class AnthropicBlocks {

    static final String DIALECT = AnthropicDialect.ID;
    private static final Set<String> TEXT_FIELDS = Set.of("type", "text", "cache_control");
    private static final Set<String> IMAGE_FIELDS = Set.of("type", "source", "cache_control");
    private static final Set<String> THINKING_FIELDS = Set.of("type", "thinking", "signature");
    private static final Set<String> REDACTED_FIELDS = Set.of("type", "data");
    private static final Set<String> BASE64_SOURCE_FIELDS = Set.of("type", "media_type", "data");
    private static final Set<String> URL_SOURCE_FIELDS = Set.of("type", "url");

    /** Where a block goes: Anthropic accepts some kinds of content only in some places. */
    enum Place {
        SYSTEM("system instructions"), USER("user messages"), ASSISTANT("assistant messages"),
        TOOL_RESULT("tool results");

        private final String description;

        Place(String description) {
            this.description = description;
        }
    }

    private AnthropicBlocks() {
    }

    // ---- wire to canonical ----

    static Part fromWire(WireObject block) {
        String type = block.requiredString("type");
        return switch (type) {
            case "text" -> new Part.Text(block.requiredString("text"), cacheMarker(block),
                    Extras.of(DIALECT, block.unknown(TEXT_FIELDS)));
            case "image" -> image(block);
            case "thinking" -> new Part.Thinking(block.requiredString("thinking"), block.optString("signature"),
                    Extras.of(DIALECT, block.unknown(THINKING_FIELDS)));
            case "redacted_thinking" -> new Part.RedactedThinking(block.requiredString("data"),
                    Extras.of(DIALECT, block.unknown(REDACTED_FIELDS)));
            default -> new Part.Opaque(type, new Extras(DIALECT, block.node()));
        };
    }

    /** An image by URL or inline base64 becomes an image part; a file reference or anything unusual stays opaque. */
    private static Part image(WireObject block) {
        WireObject source = block.requiredObject("source");
        String type = source.requiredString("type");
        String url = switch (type) {
            case "base64" -> source.unknown(BASE64_SOURCE_FIELDS) == null
                    ? "data:" + source.requiredString("media_type") + ";base64," + source.requiredString("data") : null;
            case "url" -> source.unknown(URL_SOURCE_FIELDS) == null ? source.requiredString("url") : null;
            default -> null;
        };
        if (url == null) {
            return new Part.Opaque("image", new Extras(DIALECT, block.node()));
        }
        return new Part.Image(url, null, cacheMarker(block), Extras.of(DIALECT, block.unknown(IMAGE_FIELDS)));
    }

    static CacheMarker cacheMarker(WireObject wire) {
        WireObject marker = wire.optObject("cache_control");
        return marker == null ? null : new CacheMarker(marker.optString("ttl"));
    }

    // ---- canonical to wire ----

    /**
     * The block for a part in a request to Anthropic, or null when the part has no place there: reasoning
     * without a signature (Anthropic accepts back only the thinking it signed) and reasoning outside
     * assistant turns.
     */
    static ObjectNode toWire(Part part, Place place) {
        ObjectNode wire = Json.object();
        switch (part) {
            case Part.Text t -> {
                wire.put("type", "text");
                wire.put("text", t.text());
            }
            case Part.Image i -> {
                if (place == Place.ASSISTANT || place == Place.SYSTEM) {
                    throw new GatewayException.BadRequest("Anthropic accepts images only in user messages and tool "
                            + "results, not in " + place.description + ".", "messages", "invalid_value");
                }
                wire.put("type", "image");
                wire.set("source", imageSource(i));
            }
            case Part.Thinking t -> {
                if (place != Place.ASSISTANT || t.signature() == null || t.signature().isEmpty()) {
                    return null;
                }
                wire.put("type", "thinking");
                wire.put("thinking", t.text());
                wire.put("signature", t.signature());
            }
            case Part.RedactedThinking r -> {
                if (place != Place.ASSISTANT) {
                    return null;
                }
                wire.put("type", "redacted_thinking");
                wire.put("data", r.data());
            }
            case Part.Opaque o -> {
                ObjectNode original = o.extras().forDialect(DIALECT);
                if (original == null) {
                    throw new GatewayException.BadRequest("Content of type '" + o.type()
                            + "' cannot be sent to an Anthropic upstream.", "messages", "invalid_value");
                }
                return original;
            }
        }
        putCacheMarker(wire, part.cacheMarker());
        Json.mergeMissing(wire, part.extras().forDialect(DIALECT));
        return wire;
    }

    static void putCacheMarker(ObjectNode wire, CacheMarker cache) {
        if (cache != null) {
            ObjectNode marker = wire.putObject("cache_control");
            marker.put("type", "ephemeral");
            if (cache.ttl() != null) {
                marker.put("ttl", cache.ttl());
            }
        }
    }

    /** A data URI becomes an inline base64 source; any other URL is fetched by Anthropic itself. */
    private static ObjectNode imageSource(Part.Image image) {
        ObjectNode source = Json.object();
        if (!image.isDataUri()) {
            source.put("type", "url");
            source.put("url", image.url());
            return source;
        }
        String uri = image.url();
        int comma = uri.indexOf(',');
        String header = comma < 0 ? "" : uri.substring("data:".length(), comma);
        if (!header.endsWith(";base64") || header.length() == ";base64".length()) {
            throw new GatewayException.BadRequest("Anthropic accepts inline images only as base64 data URIs "
                    + "with a media type (data:image/png;base64,...).", "messages", "invalid_value");
        }
        source.put("type", "base64");
        source.put("media_type", header.substring(0, header.length() - ";base64".length()));
        source.put("data", uri.substring(comma + 1));
        return source;
    }

    /** Whether a block is a bare text block, which Anthropic also accepts written as a plain string. */
    static boolean isPlainText(JsonNode block) {
        return block.size() == 2 && "text".equals(block.path("type").asString("")) && block.path("text").isString();
    }
}
