package dev.llmgate.provider.openai;

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
import dev.llmgate.chat.ToolChoice;
import dev.llmgate.chat.ToolSpec;
import dev.llmgate.chat.Tooling;
import dev.llmgate.chat.WireObject;
import dev.llmgate.provider.Upstream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI chat-completions requests, both ways: a client's body to the canonical request ({@link #fromWire}),
 * and the canonical request to an OpenAI-dialect upstream's body ({@link #toWire}). Fields the canonical
 * model does not name are kept and sent back unchanged to OpenAI-dialect upstreams.
 */
public final class OpenAiRequestCodec {

    /** Read into the canonical request and not forwarded as such. */
    private static final Set<String> CONSUMED = Set.of("model", "messages", "tools", "tool_choice",
            "parallel_tool_calls", "temperature", "top_p", "max_tokens", "max_completion_tokens", "stop", "seed", "n",
            "presence_penalty", "frequency_penalty", "response_format", "reasoning_effort", "stream", "user");
    private static final Set<String> TOOL_FIELDS = Set.of("type", "function", "cache_control");
    private static final Set<String> FUNCTION_FIELDS = Set.of("name", "description", "parameters", "strict");
    private static final Set<String> FORMAT_FIELDS = Set.of("type", "json_schema");
    private static final Set<String> SCHEMA_FIELDS = Set.of("name", "description", "schema", "strict");
    private static final Set<String> CHOICE_FIELDS = Set.of("type", "function");
    private static final Set<String> CHOICE_FUNCTION_FIELDS = Set.of("name");
    private static final String DIALECT = OpenAiDialect.ID;

    private OpenAiRequestCodec() {
    }

    public static ChatRequest fromWire(ObjectNode body) {
        WireObject wire = WireObject.root(body);
        String model = wire.requiredString("model");
        if (model.isBlank()) {
            throw new GatewayException.BadRequest("'model' must not be empty.", "model", "invalid_value");
        }
        List<WireObject> rawMessages = wire.objects("messages");
        if (rawMessages.isEmpty()) {
            throw wire.has("messages")
                    ? new GatewayException.BadRequest("'messages' must contain at least one message.", "messages",
                            "invalid_value")
                    : wire.missing("messages");
        }
        List<Message> messages = new ArrayList<>(rawMessages.size());
        for (WireObject message : rawMessages) {
            messages.add(OpenAiMessages.fromWire(message));
        }
        ObjectNode extras = GatewayOptions.withoutGatewayFields(wire.unknownOrNull(CONSUMED));
        extras = OpenAiExtras.withMaxTokensNames(wire, extras);
        ToolChoice toolChoice = toolChoice(wire);
        ResponseFormat format = responseFormat(wire);
        extras = OpenAiExtras.nest(extras, "tool_choice", toolChoiceExtras(wire, toolChoice));
        extras = OpenAiExtras.nest(extras, "response_format", responseFormatExtras(wire, format));
        return new ChatRequest(model, messages,
                new Tooling(tools(wire), toolChoice, wire.optBoolean("parallel_tool_calls")),
                sampling(wire), format, reasoning(wire), streaming(wire), wire.optString("user"),
                GatewayOptions.fromWire(wire), Extras.of(DIALECT, extras));
    }

    private static Sampling sampling(WireObject wire) {
        Integer maxTokens = wire.optInt("max_completion_tokens");
        return new Sampling(wire.optNumber("temperature"), wire.optNumber("top_p"), wire.optInt("top_k"),
                maxTokens != null ? maxTokens : wire.optInt("max_tokens"), wire.stringOrStrings("stop"),
                wire.optLong("seed"), wire.optInt("n"),
                new Sampling.Penalties(wire.optNumber("presence_penalty"), wire.optNumber("frequency_penalty")));
    }

    private static Streaming streaming(WireObject wire) {
        boolean stream = Boolean.TRUE.equals(wire.optBoolean("stream"));
        WireObject options = wire.optObject("stream_options");
        boolean usage = options != null && Boolean.TRUE.equals(options.optBoolean("include_usage"));
        return new Streaming(stream, stream && usage);
    }

    /** {@code reasoning_effort} (OpenAI) or the {@code reasoning} object (OpenRouter); the latter is also kept. */
    private static Reasoning reasoning(WireObject wire) {
        String effort = wire.optString("reasoning_effort");
        WireObject object = wire.optObject("reasoning");
        if (object == null) {
            return effort == null ? null : new Reasoning(effort, null, false);
        }
        if (Boolean.FALSE.equals(object.optBoolean("enabled"))) {
            return null;
        }
        String objectEffort = object.optString("effort");
        return new Reasoning(objectEffort != null ? objectEffort : effort, object.optInt("max_tokens"),
                Boolean.TRUE.equals(object.optBoolean("exclude")));
    }

    private static List<ToolSpec> tools(WireObject wire) {
        List<WireObject> tools = wire.objects("tools");
        List<ToolSpec> out = new ArrayList<>(tools.size());
        for (WireObject tool : tools) {
            String type = tool.requiredString("type");
            if (!type.equals("function")) {
                out.add(new ToolSpec(type, null, null, null, null, null, new Extras(DIALECT, tool.node())));
                continue;
            }
            WireObject function = tool.requiredObject("function");
            ObjectNode unknown = OpenAiExtras.withCacheControl(tool, tool.unknownOrNull(TOOL_FIELDS));
            unknown = OpenAiExtras.nest(unknown, "function", function.unknownOrNull(FUNCTION_FIELDS));
            JsonNode parameters = function.get("parameters");
            if (parameters != null && !parameters.isObject()) {
                throw function.invalidType("parameters", "a JSON Schema object", parameters);
            }
            out.add(new ToolSpec("function", function.requiredString("name"), function.optString("description"),
                    parameters, function.optBoolean("strict"), OpenAiMessages.cacheMarker(tool),
                    Extras.of(DIALECT, unknown)));
        }
        return out;
    }

    private static ToolChoice toolChoice(WireObject wire) {
        JsonNode choice = wire.get("tool_choice");
        if (choice == null) {
            return null;
        }
        if (choice.isString()) {
            return switch (choice.stringValue()) {
                case "auto" -> ToolChoice.Mode.AUTO;
                case "none" -> ToolChoice.Mode.NONE;
                case "required" -> ToolChoice.Mode.REQUIRED;
                default -> throw wire.invalidValue("tool_choice", choice.stringValue(), "'auto', 'none', 'required'");
            };
        }
        WireObject object = wire.optObject("tool_choice");
        WireObject function = "function".equals(object.optString("type")) ? object.optObject("function") : null;
        return function == null ? null : new ToolChoice.Named(function.requiredString("name"));
    }

    /** All of a {@code tool_choice} of a form we do not model, or what a named one holds beyond the name. */
    private static ObjectNode toolChoiceExtras(WireObject wire, ToolChoice choice) {
        WireObject object = choice instanceof ToolChoice.Mode ? null : wire.optObject("tool_choice");
        if (object == null || choice == null) {
            return object == null ? null : object.node();
        }
        return OpenAiExtras.nest(object.unknownOrNull(CHOICE_FIELDS), "function",
                object.requiredObject("function").unknownOrNull(CHOICE_FUNCTION_FIELDS));
    }

    /** All of a {@code response_format} of a type we do not model, or what it holds beyond the canonical fields. */
    private static ObjectNode responseFormatExtras(WireObject wire, ResponseFormat format) {
        WireObject object = wire.optObject("response_format");
        if (object == null || format == null) {
            return object == null ? null : object.node();
        }
        if (!(format instanceof ResponseFormat.JsonSchema)) {
            return object.unknownOrNull(Set.of("type"));
        }
        return OpenAiExtras.nest(object.unknownOrNull(FORMAT_FIELDS), "json_schema",
                object.requiredObject("json_schema").unknownOrNull(SCHEMA_FIELDS));
    }

    private static ResponseFormat responseFormat(WireObject wire) {
        WireObject format = wire.optObject("response_format");
        if (format == null) {
            return null;
        }
        String type = format.requiredString("type");
        return switch (type) {
            case "text" -> new ResponseFormat.Text();
            case "json_object" -> new ResponseFormat.JsonObject();
            case "json_schema" -> {
                WireObject schema = format.requiredObject("json_schema");
                JsonNode body = schema.get("schema");
                yield new ResponseFormat.JsonSchema(schema.requiredString("name"), schema.optString("description"),
                        body, schema.optBoolean("strict"));
            }
            default -> null;
        };
    }

    // ---- canonical to wire ----

    /** The body for an OpenAI-dialect upstream, with the vendor's parameter rules applied. */
    public static ObjectNode toWire(Upstream upstream, ChatRequest request) {
        ObjectNode wire = Json.object();
        wire.put("model", upstream.model());
        ArrayNode messages = wire.putArray("messages");
        for (Message message : request.messages()) {
            messages.add(OpenAiMessages.toWire(message));
        }
        toolsToWire(request, wire);
        ObjectNode extras = request.extras().forDialect(DIALECT);
        samplingToWire(request.sampling(), OpenAiExtras.maxTokensName(extras), wire);
        if (request.responseFormat() != null) {
            wire.set("response_format", responseFormatToWire(request.responseFormat()));
        }
        if (request.reasoning() != null && (extras == null || !extras.has("reasoning"))) {
            String effort = OpenAiReasoning.effortOf(request.reasoning(), request.sampling().maxTokens());
            if (effort != null) {
                wire.put("reasoning_effort", effort);
            }
        }
        if (request.user() != null) {
            wire.put("user", request.user());
        }
        if (upstream.rules().forwards("models") && !request.gateway().fallbackModels().isEmpty()) {
            ArrayNode models = wire.putArray("models");
            request.gateway().fallbackModels().forEach(models::add);
        }
        if (upstream.rules().forwards("provider") && request.gateway().narrowing().routing() != null) {
            wire.set("provider", request.gateway().narrowing().routing().raw().deepCopy());
        }
        Json.mergeMissing(wire, extras);
        wire.remove("stream_options");
        if (request.isStream()) {
            wire.put("stream", true);
            ObjectNode options = extras != null && extras.get("stream_options") instanceof ObjectNode o
                    ? o.deepCopy() : Json.object();
            // always asked for: usage is how every streamed call is accounted
            options.put("include_usage", true);
            wire.set("stream_options", options);
        }
        upstream.rules().applyTo(wire);
        return wire;
    }

    private static void toolsToWire(ChatRequest request, ObjectNode wire) {
        Tooling tooling = request.tooling();
        if (!tooling.tools().isEmpty()) {
            ArrayNode tools = wire.putArray("tools");
            for (ToolSpec tool : tooling.tools()) {
                tools.add(toolToWire(tool));
            }
        }
        switch (tooling.choice()) {
            case null -> { }
            case ToolChoice.Mode mode -> wire.put("tool_choice", mode.name().toLowerCase(java.util.Locale.ROOT));
            case ToolChoice.Named named -> {
                ObjectNode choice = wire.putObject("tool_choice");
                choice.put("type", "function");
                choice.putObject("function").put("name", named.name());
            }
        }
        if (tooling.parallelCalls() != null) {
            wire.put("parallel_tool_calls", tooling.parallelCalls());
        }
    }

    private static ObjectNode toolToWire(ToolSpec tool) {
        if (!tool.isFunction()) {
            ObjectNode original = tool.extras().forDialect(DIALECT);
            if (original == null) {
                throw new GatewayException.BadRequest("Tools of type '" + tool.type()
                        + "' cannot be sent to an OpenAI-compatible upstream.", "tools", "invalid_value");
            }
            return original;
        }
        ObjectNode wire = Json.object();
        wire.put("type", "function");
        ObjectNode function = wire.putObject("function");
        function.put("name", tool.name());
        if (tool.description() != null) {
            function.put("description", tool.description());
        }
        if (tool.parameters() != null) {
            function.set("parameters", tool.parameters());
        }
        if (tool.strict() != null) {
            function.put("strict", tool.strict());
        }
        if (tool.cache() != null) {
            ObjectNode marker = wire.putObject("cache_control");
            marker.put("type", "ephemeral");
            if (tool.cache().ttl() != null) {
                marker.put("ttl", tool.cache().ttl());
            }
        }
        Json.mergeMissing(wire, tool.extras().forDialect(DIALECT));
        return wire;
    }

    private static void samplingToWire(Sampling sampling, String maxTokensName, ObjectNode wire) {
        putIfSet(wire, "temperature", sampling.temperature());
        putIfSet(wire, "top_p", sampling.topP());
        if (sampling.maxTokens() != null) {
            wire.put(maxTokensName, sampling.maxTokens());
        }
        if (!sampling.stop().isEmpty()) {
            ArrayNode stop = wire.putArray("stop");
            sampling.stop().forEach(stop::add);
        }
        if (sampling.seed() != null) {
            wire.put("seed", sampling.seed());
        }
        if (sampling.n() != null) {
            wire.put("n", sampling.n());
        }
        putIfSet(wire, "presence_penalty", sampling.penalties().presence());
        putIfSet(wire, "frequency_penalty", sampling.penalties().frequency());
    }

    private static void putIfSet(ObjectNode wire, String field, Double value) {
        if (value != null) {
            wire.put(field, value);
        }
    }

    static ObjectNode responseFormatToWire(ResponseFormat format) {
        ObjectNode wire = Json.object();
        switch (format) {
            case ResponseFormat.Text t -> wire.put("type", "text");
            case ResponseFormat.JsonObject j -> wire.put("type", "json_object");
            case ResponseFormat.JsonSchema s -> {
                wire.put("type", "json_schema");
                ObjectNode schema = wire.putObject("json_schema");
                schema.put("name", s.name());
                if (s.description() != null) {
                    schema.put("description", s.description());
                }
                if (s.schema() != null) {
                    schema.set("schema", s.schema());
                }
                if (s.strict() != null) {
                    schema.put("strict", s.strict());
                }
            }
        }
        return wire;
    }
}
