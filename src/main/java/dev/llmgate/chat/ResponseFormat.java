package dev.llmgate.chat;

import tools.jackson.databind.JsonNode;

/** The shape the answer must take. */
public sealed interface ResponseFormat {

    record Text() implements ResponseFormat {}

    record JsonObject() implements ResponseFormat {}

    record JsonSchema(String name, String description, JsonNode schema, Boolean strict) implements ResponseFormat {}
}
