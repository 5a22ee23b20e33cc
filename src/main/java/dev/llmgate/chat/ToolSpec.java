package dev.llmgate.chat;

import tools.jackson.databind.JsonNode;

/**
 * A tool the model may call. {@code type} is "function" for the portable kind; other types (a provider's
 * built-in tools) carry their definition in {@code extras} and reach only their own dialect.
 */
public record ToolSpec(String type, String name, String description, JsonNode parameters, Boolean strict,
                       CacheMarker cache, Extras extras) {

    public boolean isFunction() {
        return "function".equals(type);
    }
}
