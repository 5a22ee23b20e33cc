package dev.llmgate.provider.openai;

import dev.llmgate.chat.Json;
import dev.llmgate.chat.Usage;
import dev.llmgate.provider.Verbatim;
import io.vertx.core.buffer.Buffer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Reads a whole OpenAI answer with a streaming parser to decide whether OpenAI clients may get it as
 * received: it is a {@code chat.completion} with every field OpenAI's schema requires, OpenAI's own finish
 * reasons, and a usage with its counts and token details and no cost yet (the gateway adds its own). Such an answer is
 * relayed with only {@code usage.cost} inserted; any other (a vendor that leaves out {@code logprobs} or
 * {@code refusal}, content as parts, a null {@code system_fingerprint}) is decoded and encoded again, which
 * fills in what is missing.
 */
public final class OpenAiAnswerScan {

    private static final byte[] COST = ",\"cost\":".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> FINISH_REASONS = Set.of("stop", "length", "tool_calls", "content_filter",
            "function_call");

    private OpenAiAnswerScan() {
    }

    /** The answer's bytes with {@code usage.cost} inserted (as the encoder writes it), or as received when unknown. */
    public static Buffer withCost(Verbatim answer, BigDecimal cost) {
        byte[] body = answer.body();
        if (cost == null) {
            return Buffer.buffer(body);
        }
        byte[] amount = Json.MAPPER.writeValueAsBytes(OpenAiResponseCodec.costAmount(cost));
        int at = answer.costOffset();
        return Buffer.buffer(body.length + amount.length + 8).appendBytes(body, 0, at).appendBytes(COST)
                .appendBytes(amount).appendBytes(body, at, body.length - at);
    }

    /** The answer as it may be relayed, or null. Never throws: a body it cannot vouch for is decoded instead. */
    static Verbatim scan(byte[] body) {
        try (JsonParser parser = Json.MAPPER.createParser(body)) {
            return parser.nextToken() == JsonToken.START_OBJECT ? answer(parser, body) : null;
        } catch (JacksonException e) {
            return null; // the decoder reports what is wrong with it
        }
    }

    // the fields each object must have, one bit each: a field with the wrong kind of value ends the scan at once
    private static final int ID = 1, OBJECT = 2, CREATED = 4, MODEL = 8, CHOICES = 16, ANSWER = 31;
    private static final int INDEX = 1, MESSAGE = 2, LOGPROBS = 4, FINISH = 8, CHOICE = 15;
    private static final int ROLE = 1, CONTENT = 2, REFUSAL = 4, ASSISTANT = 7;

    private static Verbatim answer(JsonParser parser, byte[] body) {
        int seen = 0;
        Usage usage = null;
        int costOffset = -1;
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken value = parser.nextToken();
            int field = switch (name) {
                case "id" -> value == JsonToken.VALUE_STRING ? ID : 0;
                case "model" -> value == JsonToken.VALUE_STRING ? MODEL : 0;
                case "object" -> "chat.completion".equals(parser.getValueAsString()) ? OBJECT : 0;
                case "created" -> value == JsonToken.VALUE_NUMBER_INT ? CREATED : 0;
                case "choices" -> value == JsonToken.START_ARRAY && choices(parser) ? CHOICES : 0;
                case "usage" -> {
                    if (value != JsonToken.START_OBJECT) {
                        yield 0;
                    }
                    JsonNode tree = parser.readValueAsTree();
                    if (tree.has("cost") || !completeUsage(tree)) {
                        yield 0;
                    }
                    usage = OpenAiResponseCodec.usageFromWire(tree);
                    costOffset = (int) parser.currentTokenLocation().getByteOffset();
                    yield -1;
                }
                // null is not allowed by OpenAI's schema: the encoder leaves it out
                case "system_fingerprint" -> value == JsonToken.VALUE_NULL ? 0 : skipped(parser);
                default -> skipped(parser);
            };
            if (field == 0) {
                return null;
            }
            seen |= Math.max(field, 0);
        }
        boolean complete = seen == ANSWER && usage != null && body[costOffset] == '}' && parser.nextToken() == null;
        return complete ? new Verbatim(OpenAiDialect.ID, body, usage, costOffset) : null;
    }

    /** Skips a value the scan does not look into (an object's fields are all skipped): any value is fine. */
    private static int skipped(JsonParser parser) {
        parser.skipChildren();
        return -1;
    }

    /** The counts, and the details that clients read cached and reasoning tokens from (the encoder always writes them). */
    private static boolean completeUsage(JsonNode usage) {
        return usage.path("prompt_tokens").isIntegralNumber() && usage.path("completion_tokens").isIntegralNumber()
                && usage.path("total_tokens").isIntegralNumber()
                && usage.path("prompt_tokens_details").path("cached_tokens").isIntegralNumber()
                && usage.path("completion_tokens_details").path("reasoning_tokens").isIntegralNumber();
    }

    /** Whether every choice has its index, a complete assistant message, {@code logprobs} and a finish reason. */
    private static boolean choices(JsonParser parser) {
        int count = 0;
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            int seen = 0;
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                int field = switch (name) {
                    case "index" -> value == JsonToken.VALUE_NUMBER_INT ? INDEX : 0;
                    case "logprobs" -> {
                        parser.skipChildren();
                        yield LOGPROBS;
                    }
                    case "finish_reason" -> value == JsonToken.VALUE_STRING
                            && FINISH_REASONS.contains(parser.getString()) ? FINISH : 0;
                    case "message" -> value == JsonToken.START_OBJECT && message(parser) ? MESSAGE : 0;
                    default -> skipped(parser);
                };
                if (field == 0) {
                    return false;
                }
                seen |= Math.max(field, 0);
            }
            if (seen != CHOICE) {
                return false;
            }
            count++;
        }
        return count > 0 && parser.currentToken() == JsonToken.END_ARRAY;
    }

    private static boolean message(JsonParser parser) {
        int seen = 0;
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken value = parser.nextToken();
            int field = switch (name) {
                case "role" -> "assistant".equals(parser.getValueAsString()) ? ROLE : 0;
                case "content" -> value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL ? CONTENT : 0;
                case "refusal" -> value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL ? REFUSAL : 0;
                default -> skipped(parser);
            };
            if (field == 0) {
                return false;
            }
            seen |= Math.max(field, 0);
        }
        return seen == ASSISTANT;
    }
}
