package dev.llmgate.provider.anthropic;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.GatewayOptions;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Reasoning;
import dev.llmgate.chat.ResponseFormat;
import dev.llmgate.chat.Sampling;
import dev.llmgate.chat.Streaming;
import dev.llmgate.chat.WireObject;
import dev.llmgate.provider.Upstream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic Messages requests, both ways: a client's body to the canonical request ({@link #fromWire}),
 * checked as the Messages API checks it, and the canonical request to the body an Anthropic upstream gets
 * ({@link #toWire}). Fields the canonical model does not name are kept, at every level, and sent back
 * unchanged to Anthropic upstreams.
 */
public final class AnthropicRequestCodec {

    /**
     * The {@code max_tokens} sent when the client gave none (Anthropic requires it), unless the caller
     * supplies another default, such as the model's output limit from the catalog.
     */
    public static final int DEFAULT_MAX_TOKENS = 4096;
    /** The name given to an Anthropic output schema, which has none, for dialects that require one. */
    static final String SCHEMA_NAME = "output";

    private static final String DIALECT = AnthropicDialect.ID;
    private static final Set<String> CONSUMED = Set.of("model", "messages", "system", "max_tokens", "metadata",
            "stop_sequences", "stream", "temperature", "top_p", "top_k", "tools", "tool_choice", "thinking",
            "output_config");

    private AnthropicRequestCodec() {
    }

    /** A Messages API body, which must have a {@code max_tokens}. */
    public static ChatRequest fromWire(ObjectNode body) {
        WireObject wire = WireObject.root(body);
        String model = model(wire);
        Integer maxTokens = wire.optInt("max_tokens");
        if (maxTokens == null) {
            throw wire.missing("max_tokens");
        }
        if (maxTokens < 1) {
            throw new GatewayException.BadRequest("'max_tokens' must be at least 1.", "max_tokens", "invalid_value");
        }
        return decode(wire, model, maxTokens);
    }

    /**
     * A {@code count_tokens} body: the Messages API body without {@code max_tokens} (the endpoint takes none,
     * so a thinking budget is checked only against its minimum).
     */
    public static ChatRequest countTokensFromWire(ObjectNode body) {
        body.remove("max_tokens");
        WireObject wire = WireObject.root(body);
        return decode(wire, model(wire), null);
    }

    private static String model(WireObject wire) {
        String model = wire.requiredString("model");
        if (model.isBlank()) {
            throw new GatewayException.BadRequest("'model' must not be empty.", "model", "invalid_value");
        }
        return model;
    }

    /** {@code maxTokens} is null for a body that has none (count_tokens). */
    private static ChatRequest decode(WireObject wire, String model, Integer maxTokens) {
        List<WireObject> rawMessages = wire.objects("messages");
        if (rawMessages.isEmpty()) {
            throw wire.has("messages")
                    ? new GatewayException.BadRequest("'messages' must contain at least one message.", "messages",
                            "invalid_value")
                    : wire.missing("messages");
        }
        List<Message> messages = new ArrayList<>(rawMessages.size() + 1);
        Message.System system = AnthropicMessages.systemFromWire(wire);
        if (system != null) {
            messages.add(system);
        }
        for (WireObject message : rawMessages) {
            messages.addAll(AnthropicMessages.fromWire(message));
        }
        ObjectNode extras = GatewayOptions.withoutGatewayFields(wire.unknown(CONSUMED));
        Kept kept = new Kept(extras);
        String user = metadata(wire, kept);
        Reasoning reasoning = thinking(wire, maxTokens, kept);
        ResponseFormat format = outputConfig(wire, kept);
        boolean stream = Boolean.TRUE.equals(wire.optBoolean("stream"));
        return new ChatRequest(model, messages, AnthropicTools.fromWire(wire, kept), sampling(wire, maxTokens),
                format, reasoning, new Streaming(stream, stream), user, GatewayOptions.fromWire(wire),
                Extras.of(DIALECT, kept.fields()));
    }

    /** Request fields, or parts of them, that are not canonical and travel as extras. */
    static final class Kept {
        private ObjectNode fields;

        Kept(ObjectNode fields) {
            this.fields = fields;
        }

        void keep(String field, JsonNode value) {
            if (value != null) {
                fields = fields == null ? Json.object() : fields;
                fields.set(field, value);
            }
        }

        ObjectNode fields() {
            return fields;
        }
    }

    private static Sampling sampling(WireObject wire, Integer maxTokens) {
        ArrayNode stops = wire.optArray("stop_sequences");
        List<String> stop = List.of();
        if (stops != null) {
            for (JsonNode item : stops) {
                if (!item.isString()) {
                    throw wire.invalidType("stop_sequences", "an array of strings", stops);
                }
            }
            stop = wire.stringOrStrings("stop_sequences");
        }
        return new Sampling(wire.optNumber("temperature"), wire.optNumber("top_p"), wire.optInt("top_k"), maxTokens,
                stop, null, null, Sampling.Penalties.NONE);
    }

    /** {@code metadata.user_id} is the end user; other metadata fields are kept. */
    private static String metadata(WireObject wire, Kept kept) {
        WireObject metadata = wire.optObject("metadata");
        if (metadata == null) {
            return null;
        }
        kept.keep("metadata", metadata.unknown(Set.of("user_id")));
        return metadata.optString("user_id");
    }

    /**
     * Enabled thinking becomes a reasoning budget; other forms ({@code disabled}, {@code adaptive}) have no
     * canonical meaning and are kept for Anthropic upstreams only.
     */
    private static Reasoning thinking(WireObject wire, Integer maxTokens, Kept kept) {
        WireObject thinking = wire.optObject("thinking");
        if (thinking == null) {
            return null;
        }
        if (!thinking.requiredString("type").equals("enabled")) {
            kept.keep("thinking", thinking.node());
            return null;
        }
        Integer budget = thinking.optInt("budget_tokens");
        if (budget == null) {
            throw thinking.missing("budget_tokens");
        }
        if (budget < ThinkingBudget.MINIMUM || maxTokens != null && budget >= maxTokens) {
            throw new GatewayException.BadRequest("'thinking.budget_tokens' must be at least " + ThinkingBudget.MINIMUM
                    + (maxTokens != null ? " and less than 'max_tokens' (" + maxTokens + ")" : "") + ", but it is "
                    + budget + ".", "thinking.budget_tokens", "invalid_value");
        }
        kept.keep("thinking", thinking.unknown(Set.of("type", "budget_tokens")));
        return new Reasoning(null, budget, false);
    }

    /** A JSON-schema {@code output_config.format} is the response format; the rest of the config is kept. */
    private static ResponseFormat outputConfig(WireObject wire, Kept kept) {
        WireObject config = wire.optObject("output_config");
        if (config == null) {
            return null;
        }
        WireObject format = config.optObject("format");
        if (format == null || !"json_schema".equals(format.optString("type"))
                || format.unknown(Set.of("type", "schema")) != null) {
            kept.keep("output_config", config.node());
            return null;
        }
        JsonNode schema = format.requiredObject("schema").node();
        kept.keep("output_config", config.unknown(Set.of("format")));
        return new ResponseFormat.JsonSchema(SCHEMA_NAME, null, schema, null);
    }

    // ---- canonical to wire ----

    /** The body for an Anthropic upstream, with {@link #DEFAULT_MAX_TOKENS} when the client set no limit. */
    public static ObjectNode toWire(Upstream upstream, ChatRequest request) {
        return toWire(upstream, request, DEFAULT_MAX_TOKENS);
    }

    /**
     * The body for an Anthropic upstream, with the upstream's parameter rules applied; {@code defaultMaxTokens}
     * is used when the client set no limit.
     */
    public static ObjectNode toWire(Upstream upstream, ChatRequest request, int defaultMaxTokens) {
        return encode(upstream, request, defaultMaxTokens).body();
    }

    /** A request body for Anthropic, and what was changed in it to be accepted (see {@link ThinkingConflicts}). */
    public record Encoded(ObjectNode body, List<String> warnings) {}

    /** As {@link #toWire(Upstream, ChatRequest, int)}, with the warnings the client should get. */
    public static Encoded encode(Upstream upstream, ChatRequest request, int defaultMaxTokens) {
        ObjectNode wire = Json.object();
        wire.put("model", upstream.model());
        Sampling sampling = request.sampling();
        ThinkingBudget thinking = ThinkingBudget.of(request.reasoning(), sampling.maxTokens(), defaultMaxTokens);
        wire.put("max_tokens", thinking.maxTokens());
        JsonNode system = AnthropicMessages.systemToWire(request.messages());
        if (system != null) {
            wire.set("system", system);
        }
        ArrayNode messages = AnthropicMessages.toWire(request.messages());
        if (messages.isEmpty()) {
            throw new GatewayException.BadRequest("Anthropic models need at least one user or assistant message; "
                    + "this request has only system instructions.", "messages", "invalid_value");
        }
        wire.set("messages", messages);
        AnthropicTools.toWire(request.tooling(), wire);
        if (thinking.budgetTokens() != null) {
            wire.putObject("thinking").put("type", "enabled").put("budget_tokens", thinking.budgetTokens());
        }
        samplingToWire(sampling, wire);
        if (request.user() != null) {
            wire.putObject("metadata").put("user_id", request.user());
        }
        // Anthropic has no JSON mode without a schema; json_object and text add nothing here
        if (request.responseFormat() instanceof ResponseFormat.JsonSchema schema && schema.schema() != null) {
            ObjectNode format = wire.putObject("output_config").putObject("format");
            format.put("type", "json_schema");
            format.set("schema", schema.schema());
        }
        if (request.isStream()) {
            wire.put("stream", true);
        }
        Json.mergeMissing(wire, request.extras().forDialect(DIALECT));
        upstream.rules().applyTo(wire);
        int withoutThinking = sampling.maxTokens() != null ? sampling.maxTokens() : defaultMaxTokens;
        return new Encoded(wire, ThinkingConflicts.resolve(wire, withoutThinking));
    }

    /** Seed and the penalties have no Anthropic equivalent and are not sent; several choices cannot be served. */
    private static void samplingToWire(Sampling sampling, ObjectNode wire) {
        if (sampling.n() != null && sampling.n() > 1) {
            throw new GatewayException.BadRequest("Anthropic models return one choice per request; 'n' must be 1.",
                    "n", "invalid_value");
        }
        if (sampling.temperature() != null) {
            wire.put("temperature", sampling.temperature());
        }
        if (sampling.topP() != null) {
            wire.put("top_p", sampling.topP());
        }
        if (sampling.topK() != null) {
            wire.put("top_k", sampling.topK());
        }
        if (!sampling.stop().isEmpty()) {
            ArrayNode stop = wire.putArray("stop_sequences");
            sampling.stop().forEach(stop::add);
        }
    }
}
