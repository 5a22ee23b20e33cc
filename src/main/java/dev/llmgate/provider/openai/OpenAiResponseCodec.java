package dev.llmgate.provider.openai;

import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.Choice;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.FinishReason;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.ToolCall;
import dev.llmgate.chat.Usage;
import dev.llmgate.chat.WireObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI chat-completion responses and usage, both ways: an upstream's body to the canonical response
 * ({@link #fromWire}) and a canonical response to the body a client gets ({@link #toWire}), which always
 * carries the fields OpenAI's published schema requires.
 */
public final class OpenAiResponseCodec {

    private static final String DIALECT = OpenAiDialect.ID;
    private static final Set<String> RESPONSE_FIELDS = Set.of("id", "object", "created", "model", "choices", "usage");
    private static final Set<String> CHOICE_FIELDS = Set.of("index", "message", "finish_reason");
    private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content", "tool_calls", "refusal");

    private OpenAiResponseCodec() {
    }

    public static ChatResponse fromWire(ObjectNode body) {
        try {
            WireObject wire = WireObject.root(body);
            List<Choice> choices = new ArrayList<>();
            for (WireObject choice : wire.objects("choices")) {
                choices.add(choiceFromWire(choice));
            }
            return new ChatResponse(wire.has("id") ? wire.optString("id") : "", wire.optString("model"),
                    wire.has("created") ? wire.optLong("created") : 0, choices, usageFromWire(wire.get("usage")),
                    Extras.of(DIALECT, wire.unknown(RESPONSE_FIELDS)));
        } catch (GatewayException.BadRequest malformed) {
            throw new GatewayException.UpstreamUnreachable(
                    "The upstream's answer was malformed: " + malformed.getMessage(), "bad_upstream_response");
        }
    }

    private static Choice choiceFromWire(WireObject wire) {
        WireObject message = wire.optObject("message");
        Message.Assistant assistant = message == null
                ? new Message.Assistant(List.of(), List.of(), null, Extras.NONE)
                : assistantFromWire(message);
        FinishReason reason = finishReasonFromWire(wire.optString("finish_reason"), !assistant.toolCalls().isEmpty());
        Integer index = wire.optInt("index");
        return new Choice(index == null ? 0 : index, assistant, reason, Extras.of(DIALECT, wire.unknown(CHOICE_FIELDS)));
    }

    static Message.Assistant assistantFromWire(WireObject wire) {
        List<Part> parts = new ArrayList<>(OpenAiMessages.reasoningFromWire(wire));
        parts.addAll(OpenAiMessages.content(wire));
        return new Message.Assistant(parts, OpenAiMessages.toolCallsFromWire(wire), wire.optString("refusal"),
                Extras.of(DIALECT, wire.unknown(MESSAGE_FIELDS)));
    }

    static FinishReason finishReasonFromWire(String reason, boolean calledTools) {
        if (reason == null) {
            return calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        }
        return switch (reason) {
            case "length", "max_tokens" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        };
    }

    /** OpenAI usage (and the variants OpenAI-compatible vendors send) in canonical form; null if absent. */
    public static Usage usageFromWire(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        long cacheRead = usage.path("prompt_tokens_details").path("cached_tokens").asLong(
                usage.path("prompt_cache_hit_tokens").asLong(0)); // DeepSeek reports cache hits at top level
        return new Usage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0),
                cacheRead, usage.path("prompt_tokens_details").path("cache_write_tokens").asLong(0),
                usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0),
                Extras.of(DIALECT, (ObjectNode) usage));
    }

    // ---- canonical to wire ----

    /** A client body with {@code usage.cost} set when the cost is known. */
    public static ObjectNode toWire(ChatResponse response, BigDecimal cost) {
        ObjectNode wire = toWire(response);
        if (wire.get("usage") instanceof ObjectNode usage) {
            putCost(usage, cost);
        }
        return wire;
    }

    public static ObjectNode toWire(ChatResponse response) {
        ObjectNode wire = Json.object();
        wire.put("id", response.id());
        wire.put("object", "chat.completion");
        wire.put("created", response.created());
        wire.put("model", response.model());
        ArrayNode choices = wire.putArray("choices");
        for (Choice choice : response.choices()) {
            choices.add(choiceToWire(choice));
        }
        if (response.usage() != null) {
            wire.set("usage", usageToWire(response.usage()));
        }
        Json.mergeMissing(wire, response.extras().forDialect(DIALECT));
        if (wire.path("system_fingerprint").isNull()) {
            wire.remove("system_fingerprint"); // some upstreams send null, which OpenAI's schema does not allow
        }
        return wire;
    }

    private static ObjectNode choiceToWire(Choice choice) {
        ObjectNode wire = Json.object();
        wire.put("index", choice.index());
        wire.set("message", assistantToWire(choice.message()));
        Json.mergeMissing(wire, choice.extras().forDialect(DIALECT));
        if (!wire.has("logprobs")) {
            wire.putNull("logprobs");
        }
        wire.put("finish_reason", choice.finishReason().wire());
        return wire;
    }

    private static ObjectNode assistantToWire(Message.Assistant message) {
        ObjectNode wire = Json.object();
        wire.put("role", "assistant");
        String text = message.text();
        if (text == null) {
            wire.putNull("content");
        } else {
            wire.put("content", text);
        }
        ObjectNode extras = message.extras().forDialect(DIALECT);
        if (!OpenAiReasoning.carriedIn(extras)) {
            OpenAiReasoning.toWire(message.parts(), wire);
        }
        if (!message.toolCalls().isEmpty()) {
            ArrayNode calls = wire.putArray("tool_calls");
            for (ToolCall call : message.toolCalls()) {
                calls.add(OpenAiMessages.toolCallToWire(call));
            }
        }
        Json.mergeMissing(wire, extras);
        if (message.refusal() == null) {
            wire.putNull("refusal");
        } else {
            wire.put("refusal", message.refusal());
        }
        return wire;
    }

    /** Usage as OpenAI shows it, with {@code cost} (OpenRouter's convention) when known. */
    public static ObjectNode usageToWire(Usage usage, BigDecimal cost) {
        ObjectNode wire = usageToWire(usage);
        putCost(wire, cost);
        return wire;
    }

    /** Sets a usage object's {@code cost} in dollars (to ten decimals), unless it is unknown. */
    public static void putCost(ObjectNode usage, BigDecimal cost) {
        if (cost != null) {
            usage.put("cost", costAmount(cost));
        }
    }

    /** A cost as answers show it: in the catalog's currency, to ten decimals. */
    static BigDecimal costAmount(BigDecimal cost) {
        return cost.setScale(10, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    public static ObjectNode usageToWire(Usage usage) {
        ObjectNode wire = Json.object();
        wire.put("prompt_tokens", usage.input());
        wire.put("completion_tokens", usage.output());
        wire.put("total_tokens", usage.total());
        ObjectNode prompt = wire.putObject("prompt_tokens_details");
        prompt.put("cached_tokens", usage.cacheRead());
        if (usage.cacheWrite() > 0) {
            prompt.put("cache_write_tokens", usage.cacheWrite());
        }
        wire.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoning());
        Json.mergeMissing(wire, usage.extras().forDialect(DIALECT));
        return wire;
    }
}
