package dev.llmgate.routing;

import dev.llmgate.catalog.Capability;
import dev.llmgate.catalog.Model;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.ResponseFormat;
import dev.llmgate.chat.Sampling;
import dev.llmgate.chat.TokenCounter;
import java.util.function.LongSupplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a request against the catalog's spec of the model before any upstream call, and prepares it:
 * images and tools only to models that take them, parameters the model rejects dropped (or refused),
 * {@code max_tokens} clamped to the model's output limit and to what the window leaves after the prompt (or
 * refused), and the prompt counted against the context window — exactly only when a free upper bound says it
 * might not fit.
 */
final class ModelSpecCheck {

    private final RouterSettings.Checks checks;

    ModelSpecCheck(RouterSettings.Checks checks) {
        this.checks = checks;
    }

    /** The request prepared for {@code model}; throws a 400 that says what does not fit. */
    ChatRequest prepare(Model model, ChatRequest request, LongSupplier promptTokens) {
        if (!model.supports(Capability.VISION) && hasImages(request)) {
            throw new GatewayException.BadRequest("The model '" + model.id() + "' does not accept images.",
                    "messages", "image_not_supported");
        }
        if (!model.supports(Capability.TOOLS) && !request.tooling().isEmpty()) {
            throw new GatewayException.BadRequest("The model '" + model.id() + "' does not support tools.",
                    "tools", "tools_not_supported");
        }
        if (request.responseFormat() instanceof ResponseFormat.JsonSchema && !model.supports(Capability.JSON_SCHEMA)) {
            throw new GatewayException.BadRequest("The model '" + model.id() + "' does not support "
                    + "response_format json_schema.", "response_format", "json_schema_not_supported");
        }
        ChatRequest prepared = withoutUnsupported(model, request);
        prepared = withinOutputLimit(model, prepared);
        return withinContext(model, prepared, promptTokens);
    }

    private ChatRequest withoutUnsupported(Model model, ChatRequest request) {
        ChatRequest prepared = request;
        if (request.reasoning() != null && !model.supports(Capability.REASONING)) {
            prepared = unsupported(model, "reasoning_effort", prepared, prepared.withReasoning(null));
        }
        for (String param : model.unsupportedParams()) {
            Sampling sampling = prepared.sampling();
            boolean set = switch (param) {
                case "temperature" -> sampling.temperature() != null;
                case "top_p" -> sampling.topP() != null;
                case "top_k" -> sampling.topK() != null;
                case "stop" -> !sampling.stop().isEmpty();
                case "seed" -> sampling.seed() != null;
                case "presence_penalty" -> sampling.penalties().presence() != null;
                case "frequency_penalty" -> sampling.penalties().frequency() != null;
                default -> extra(prepared, param);
            };
            if (set) {
                prepared = unsupported(model, param, prepared, without(prepared, param));
            }
        }
        return prepared;
    }

    private ChatRequest unsupported(Model model, String param, ChatRequest request, ChatRequest dropped) {
        if (!checks.dropParams()) {
            throw new GatewayException.BadRequest("The model '" + model.id() + "' does not take '" + param
                    + "'; leave it out (or let the gateway drop it with router.drop_params: true).", param,
                    "unsupported_parameter");
        }
        return dropped;
    }

    private static ChatRequest without(ChatRequest request, String param) {
        Sampling s = request.sampling();
        Sampling.Penalties p = s.penalties();
        Sampling sampling = switch (param) {
            case "temperature" -> new Sampling(null, s.topP(), s.topK(), s.maxTokens(), s.stop(), s.seed(), s.n(), p);
            case "top_p" -> new Sampling(s.temperature(), null, s.topK(), s.maxTokens(), s.stop(), s.seed(), s.n(), p);
            case "top_k" -> new Sampling(s.temperature(), s.topP(), null, s.maxTokens(), s.stop(), s.seed(), s.n(), p);
            case "stop" -> new Sampling(s.temperature(), s.topP(), s.topK(), s.maxTokens(), java.util.List.of(),
                    s.seed(), s.n(), p);
            case "seed" -> new Sampling(s.temperature(), s.topP(), s.topK(), s.maxTokens(), s.stop(), null, s.n(), p);
            case "presence_penalty" -> new Sampling(s.temperature(), s.topP(), s.topK(), s.maxTokens(), s.stop(),
                    s.seed(), s.n(), new Sampling.Penalties(null, p.frequency()));
            case "frequency_penalty" -> new Sampling(s.temperature(), s.topP(), s.topK(), s.maxTokens(), s.stop(),
                    s.seed(), s.n(), new Sampling.Penalties(p.presence(), null));
            default -> s;
        };
        ChatRequest result = request.withSampling(sampling);
        ObjectNode extras = request.extras().fields();
        if (extras != null && extras.has(param)) {
            ObjectNode copy = extras.deepCopy();
            copy.remove(param);
            result = result.withExtras(Extras.of(request.extras().dialect(), copy));
        }
        return result;
    }

    private static boolean extra(ChatRequest request, String param) {
        ObjectNode extras = request.extras().fields();
        return extras != null && extras.has(param);
    }

    private ChatRequest withinOutputLimit(Model model, ChatRequest request) {
        Integer maxTokens = request.sampling().maxTokens();
        int limit = model.limits().maxOutputTokens();
        if (maxTokens == null || maxTokens <= limit) {
            return request;
        }
        if (!checks.clampMaxTokens()) {
            throw new GatewayException.BadRequest("max_tokens is " + maxTokens + ", above the " + limit
                    + " tokens the model '" + model.id() + "' can write.", "max_tokens", "max_tokens_too_large");
        }
        return request.withSampling(request.sampling().withMaxTokens(limit));
    }

    /**
     * The prompt and the answer's reservation must fit the window together. When they do not, clamp mode
     * shortens {@code max_tokens} to what the window leaves (models whose output limit equals their window
     * need this on every long prompt); a prompt that fills the window alone is refused either way.
     */
    private ChatRequest withinContext(Model model, ChatRequest request, LongSupplier promptTokens) {
        long window = model.limits().contextWindow();
        Integer maxTokens = request.sampling().maxTokens();
        long reserved = maxTokens == null ? 0 : maxTokens;
        if (TokenCounter.upperBound(request) + reserved <= window) {
            return request;
        }
        long prompt = promptTokens.getAsLong();
        if (prompt + reserved <= window) {
            return request;
        }
        if (prompt < window && checks.clampMaxTokens()) {
            return request.withSampling(request.sampling().withMaxTokens((int) (window - prompt)));
        }
        throw new GatewayException.BadRequest("This request needs " + prompt + " prompt tokens"
                + (reserved > 0 && prompt < window ? " plus " + reserved + " for the answer" : "") + ", more than the "
                + window + "-token context window of '" + model.id() + "'.", "messages", GatewayException.CONTEXT_LENGTH_EXCEEDED);
    }

    private static boolean hasImages(ChatRequest request) {
        for (Message message : request.messages()) {
            for (Part part : message.parts()) {
                if (part instanceof Part.Image) {
                    return true;
                }
            }
        }
        return false;
    }
}
