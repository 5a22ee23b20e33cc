package dev.llmgate.provider.openai;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.provider.http.SseEvent;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * One {@code chat.completion.chunk}, read with a streaming parser: the few fields the decoder needs, and
 * trees only for the rare parts (usage, tool calls, reasoning details, content arrays, errors). A stream
 * is mostly chunks holding a few words of text; reading them this way costs a fraction of a whole tree.
 */
record OpenAiChunk(String id, String model, long created, List<Choice> choices, JsonNode usage, JsonNode groqUsage,
                   boolean hasError) {

    /** What one choice of the chunk carries; every field may be null. */
    record Choice(String content, JsonNode contentParts, String reasoningContent, String reasoning,
                  JsonNode reasoningDetails, String refusal, JsonNode toolCalls, String finishReason) {}

    static OpenAiChunk read(SseEvent event) {
        try (JsonParser parser = event.parser()) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw notAnObject(event);
            }
            String id = null;
            String model = null;
            long created = 0;
            List<Choice> choices = List.of();
            JsonNode usage = null;
            JsonNode groqUsage = null;
            boolean error = false;
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "id" -> id = parser.getValueAsString();
                    case "model" -> model = parser.getValueAsString();
                    case "created" -> created = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : 0;
                    case "choices" -> choices = value == JsonToken.START_ARRAY ? choices(parser) : skip(parser, List.of());
                    case "usage" -> usage = value == JsonToken.START_OBJECT ? parser.<JsonNode>readValueAsTree() : null;
                    case "x_groq" -> groqUsage = value == JsonToken.START_OBJECT
                            ? parser.<JsonNode>readValueAsTree().get("usage") : null; // Groq's place for usage
                    case "error" -> error = value != JsonToken.VALUE_NULL && skip(parser, true);
                    default -> parser.skipChildren();
                }
            }
            return new OpenAiChunk(id, model, created, choices, usage, groqUsage, error);
        } catch (JacksonException e) {
            throw notAnObject(event);
        }
    }

    private static List<Choice> choices(JsonParser parser) {
        List<Choice> choices = new ArrayList<>(1);
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            Choice choice = new Choice(null, null, null, null, null, null, null, null);
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                if (name.equals("delta") && value == JsonToken.START_OBJECT) {
                    choice = delta(parser, choice);
                } else if (name.equals("finish_reason") && value == JsonToken.VALUE_STRING) {
                    choice = with(choice, parser.getString());
                } else {
                    parser.skipChildren();
                }
            }
            choices.add(choice);
        }
        return choices;
    }

    private static Choice delta(JsonParser parser, Choice finish) {
        String content = null;
        JsonNode contentParts = null;
        String reasoningContent = null;
        String reasoning = null;
        JsonNode details = null;
        String refusal = null;
        JsonNode toolCalls = null;
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken value = parser.nextToken();
            switch (name) {
                case "content" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        content = parser.getString();
                    } else if (value == JsonToken.START_ARRAY) {
                        contentParts = parser.<JsonNode>readValueAsTree(); // Mistral's parts with thinking
                    }
                }
                case "reasoning_content" -> reasoningContent = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                case "reasoning" -> {
                    reasoning = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    parser.skipChildren();
                }
                case "reasoning_details" -> details = value == JsonToken.START_ARRAY ? parser.<JsonNode>readValueAsTree() : null;
                case "refusal" -> refusal = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                case "tool_calls" -> toolCalls = value == JsonToken.START_ARRAY ? parser.<JsonNode>readValueAsTree() : null;
                default -> parser.skipChildren();
            }
        }
        return new Choice(content, contentParts, reasoningContent, reasoning, details, refusal, toolCalls,
                finish.finishReason());
    }

    private static Choice with(Choice choice, String finishReason) {
        return new Choice(choice.content(), choice.contentParts(), choice.reasoningContent(), choice.reasoning(),
                choice.reasoningDetails(), choice.refusal(), choice.toolCalls(), finishReason);
    }

    private static <T> T skip(JsonParser parser, T result) {
        parser.skipChildren();
        return result;
    }

    private static GatewayException notAnObject(SseEvent event) {
        String data = event.data();
        return new GatewayException.UpstreamUnreachable("The upstream sent something that is not a JSON object: "
                + data.substring(0, Math.min(200, data.length())), "bad_upstream_response");
    }
}
