package dev.llmgate.provider.openai;

import dev.llmgate.chat.Json;
import dev.llmgate.chat.Usage;
import dev.llmgate.provider.Verbatim;
import io.vertx.core.buffer.Buffer;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
        byte[] amount = Json.MAPPER.writeValueAsBytes(cost.setScale(10, RoundingMode.HALF_UP).stripTrailingZeros());
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

    private static Verbatim answer(JsonParser parser, byte[] body) {
        int required = 0;
        Usage usage = null;
        int costOffset = -1;
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken value = parser.nextToken();
            switch (name) {
                case "id", "model" -> required += value == JsonToken.VALUE_STRING ? 1 : -10;
                case "object" -> required += "chat.completion".equals(parser.getValueAsString()) ? 1 : -10;
                case "created" -> required += value == JsonToken.VALUE_NUMBER_INT ? 1 : -10;
                case "choices" -> required += value == JsonToken.START_ARRAY && choices(parser) ? 1 : -10;
                case "usage" -> {
                    if (value != JsonToken.START_OBJECT) {
                        return null;
                    }
                    JsonNode tree = parser.readValueAsTree();
                    if (tree.has("cost") || !completeUsage(tree)) {
                        return null;
                    }
                    usage = OpenAiResponseCodec.usageFromWire(tree);
                    costOffset = (int) parser.currentTokenLocation().getByteOffset();
                }
                case "system_fingerprint" -> {
                    if (value == JsonToken.VALUE_NULL) {
                        return null; // not allowed by OpenAI's schema: the encoder leaves it out
                    }
                    parser.skipChildren();
                }
                default -> parser.skipChildren();
            }
        }
        boolean complete = required == 5 && usage != null && costOffset > 0 && body[costOffset] == '}'
                && parser.nextToken() == null;
        return complete ? new Verbatim(OpenAiDialect.ID, body, usage, costOffset) : null;
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
            int required = 0;
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "index" -> required += value == JsonToken.VALUE_NUMBER_INT ? 1 : -10;
                    case "logprobs" -> {
                        required++;
                        parser.skipChildren();
                    }
                    case "finish_reason" -> required += value == JsonToken.VALUE_STRING
                            && FINISH_REASONS.contains(parser.getString()) ? 1 : -10;
                    case "message" -> required += value == JsonToken.START_OBJECT && message(parser) ? 1 : -10;
                    default -> parser.skipChildren();
                }
            }
            if (required != 4) {
                return false;
            }
            count++;
        }
        return count > 0 && parser.currentToken() == JsonToken.END_ARRAY;
    }

    private static boolean message(JsonParser parser) {
        int required = 0;
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken value = parser.nextToken();
            switch (name) {
                case "role" -> required += "assistant".equals(parser.getValueAsString()) ? 1 : -10;
                case "content", "refusal" -> required += value == JsonToken.VALUE_STRING
                        || value == JsonToken.VALUE_NULL ? 1 : -10;
                default -> parser.skipChildren();
            }
        }
        return required == 3;
    }
}
