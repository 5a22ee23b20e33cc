package dev.llmgate.cache;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.Reasoning;
import dev.llmgate.chat.ResponseFormat;
import dev.llmgate.chat.Sampling;
import dev.llmgate.chat.ToolCall;
import dev.llmgate.chat.ToolChoice;
import dev.llmgate.chat.ToolSpec;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What of a canonical request can change the answer, as a JSON tree for {@link CacheKey} to hash: the model
 * as resolved, the messages, tools and tool choice, response format, reasoning, every sampling parameter,
 * and the unknown fields kept from the client's body except those known not to change the output.
 *
 * <p>Left out: {@code stream} and {@code stream_options} (a stream and a whole answer share entries), the
 * end user, the gateway's own fields (fallback models, cache controls, narrowing, attribution), headers,
 * and prompt-cache markers ({@code cache_control}), which change what the provider bills, not what it says.
 * An unset sampling parameter is omitted, so leaving it out and sending null are the same.
 */
final class KeyMaterial {

    /** Bump when what goes into a key changes, so old entries are not read under a new meaning. */
    private static final int VERSION = 1;

    /**
     * Unknown top-level fields that do not change the output and are left out of the key:
     * OpenAI's {@code metadata} and {@code store} (stored-completions bookkeeping), {@code prompt_cache_key}
     * and {@code prompt_cache_retention} (provider prompt-cache routing), {@code safety_identifier} (abuse
     * tracking), {@code service_tier} (latency and price tier of the same model), {@code stream_options};
     * Anthropic's {@code metadata} (what is left after {@code user_id}) and {@code service_tier}.
     * Every other unknown field ({@code logit_bias}, {@code logprobs}, {@code prediction}, {@code modalities},
     * {@code verbosity}, {@code web_search_options}, OpenRouter's {@code provider} and {@code transforms},
     * Anthropic's {@code container}, {@code mcp_servers}, {@code context_management}, …) stays in the key:
     * a field we cannot judge is assumed to matter.
     */
    static final Set<String> IGNORED_EXTRAS = Set.of("metadata", "store", "prompt_cache_key",
            "prompt_cache_retention", "safety_identifier", "service_tier", "stream_options", "stream", "user",
            // the name the client gave the output limit, kept for its upstream; the value is in the sampling
            "max_completion_tokens");

    private KeyMaterial() {
    }

    static ObjectNode of(String model, ChatRequest request) {
        ObjectNode key = Json.object();
        key.put("v", VERSION);
        key.put("model", model);
        ArrayNode messages = key.putArray("messages");
        request.messages().forEach(message -> messages.add(message(message)));
        if (!request.tooling().tools().isEmpty()) {
            ArrayNode tools = key.putArray("tools");
            request.tooling().tools().forEach(tool -> tools.add(tool(tool)));
        }
        if (request.tooling().choice() != null) {
            key.put("tool_choice", switch (request.tooling().choice()) {
                case ToolChoice.Mode mode -> mode.name().toLowerCase(java.util.Locale.ROOT);
                case ToolChoice.Named named -> "function:" + named.name();
            });
        }
        putIfSet(key, "parallel_tool_calls", request.tooling().parallelCalls());
        sampling(key, request.sampling());
        if (request.responseFormat() != null) {
            key.set("response_format", responseFormat(request.responseFormat()));
        }
        Reasoning reasoning = request.reasoning();
        if (reasoning != null) {
            ObjectNode r = key.putObject("reasoning");
            r.put("effort", reasoning.effort());
            putIfSet(r, "budget_tokens", reasoning.budgetTokens());
            r.put("exclude", reasoning.exclude());
        }
        ObjectNode extras = requestExtras(request.extras());
        if (extras != null) {
            key.put("extras_dialect", request.extras().dialect());
            key.set("extras", extras);
        }
        return key;
    }

    private static void sampling(ObjectNode key, Sampling sampling) {
        ObjectNode s = key.putObject("sampling");
        putIfSet(s, "temperature", sampling.temperature());
        putIfSet(s, "top_p", sampling.topP());
        putIfSet(s, "top_k", sampling.topK());
        putIfSet(s, "max_tokens", sampling.maxTokens());
        if (!sampling.stop().isEmpty()) {
            ArrayNode stop = s.putArray("stop");
            sampling.stop().forEach(stop::add);
        }
        putIfSet(s, "seed", sampling.seed());
        // one choice is what every API gives when n is not set
        putIfSet(s, "n", sampling.n() != null && sampling.n() == 1 ? null : sampling.n());
        if (sampling.penalties() != null) {
            putIfSet(s, "presence_penalty", sampling.penalties().presence());
            putIfSet(s, "frequency_penalty", sampling.penalties().frequency());
        }
    }

    private static ObjectNode message(Message message) {
        ObjectNode m = Json.object();
        switch (message) {
            case Message.System s -> m.put("role", s.developer() ? "developer" : "system");
            case Message.User u -> m.put("role", "user");
            case Message.Assistant a -> {
                m.put("role", "assistant");
                if (!a.toolCalls().isEmpty()) {
                    ArrayNode calls = m.putArray("tool_calls");
                    a.toolCalls().forEach(call -> calls.add(toolCall(call)));
                }
                if (a.refusal() != null) {
                    m.put("refusal", a.refusal());
                }
            }
            case Message.Tool t -> {
                m.put("role", "tool");
                m.put("tool_call_id", t.toolCallId());
                m.put("is_error", t.isError());
            }
        }
        ArrayNode parts = m.putArray("parts");
        message.parts().forEach(part -> parts.add(part(part)));
        putExtras(m, message.extras());
        return m;
    }

    private static ObjectNode part(Part part) {
        ObjectNode p = Json.object();
        switch (part) {
            case Part.Text t -> p.put("text", t.text());
            case Part.Image i -> {
                p.put("image", i.url());
                if (i.detail() != null) {
                    p.put("detail", i.detail());
                }
            }
            case Part.Thinking t -> {
                p.put("thinking", t.text());
                if (t.signature() != null) {
                    p.put("signature", t.signature());
                }
            }
            case Part.RedactedThinking r -> p.put("redacted_thinking", r.data());
            case Part.Opaque o -> p.put("opaque", o.type());
        }
        putExtras(p, part.extras());
        return p;
    }

    private static ObjectNode toolCall(ToolCall call) {
        ObjectNode c = Json.object();
        c.put("id", call.id());
        c.put("name", call.name());
        c.put("arguments", call.arguments());
        putExtras(c, call.extras());
        return c;
    }

    private static ObjectNode tool(ToolSpec tool) {
        ObjectNode t = Json.object();
        t.put("type", tool.type());
        t.put("name", tool.name());
        t.put("description", tool.description());
        if (tool.parameters() != null) {
            t.set("parameters", tool.parameters());
        }
        putIfSet(t, "strict", tool.strict());
        putExtras(t, tool.extras());
        return t;
    }

    private static JsonNode responseFormat(ResponseFormat format) {
        ObjectNode f = Json.object();
        switch (format) {
            case ResponseFormat.Text t -> f.put("type", "text");
            case ResponseFormat.JsonObject j -> f.put("type", "json_object");
            case ResponseFormat.JsonSchema s -> {
                f.put("type", "json_schema");
                f.put("name", s.name());
                f.put("description", s.description());
                if (s.schema() != null) {
                    f.set("schema", s.schema());
                }
                putIfSet(f, "strict", s.strict());
            }
        }
        return f;
    }

    private static ObjectNode requestExtras(Extras extras) {
        if (extras.isEmpty()) {
            return null;
        }
        ObjectNode kept = null;
        for (var field : extras.fields().properties()) {
            // an explicit null (kept to be forwarded as sent) asks for the default, as leaving the field out does
            if (!IGNORED_EXTRAS.contains(field.getKey()) && !field.getValue().isNull()) {
                kept = kept == null ? Json.object() : kept;
                kept.set(field.getKey(), field.getValue());
            }
        }
        return kept;
    }

    /** Unknown fields inside messages, parts and tools all stay: they are part of what the model reads. */
    private static void putExtras(ObjectNode target, Extras extras) {
        if (extras != null && !extras.isEmpty()) {
            target.set("extras", extras.fields());
        }
    }

    private static void putIfSet(ObjectNode target, String field, Object value) {
        switch (value) {
            case null -> { }
            case Double d -> target.put(field, d);
            case Integer i -> target.put(field, i);
            case Long l -> target.put(field, l);
            case Boolean b -> target.put(field, b);
            default -> throw new IllegalArgumentException("unexpected " + value.getClass());
        }
    }
}
