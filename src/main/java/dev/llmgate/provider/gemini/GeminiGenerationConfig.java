package dev.llmgate.provider.gemini;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Reasoning;
import dev.llmgate.chat.ResponseFormat;
import dev.llmgate.chat.Sampling;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gemini's {@code generationConfig}: sampling parameters, the response format ({@code responseMimeType} and
 * {@code responseSchema}) and reasoning ({@code thinkingConfig}). Gemini 2.x models take a thinking budget;
 * Gemini 3 and later a thinking level, and reject a budget, so reasoning is expressed the way the model takes it.
 */
final class GeminiGenerationConfig {

    /**
     * Reasoning effort as a thinking budget, as Google's own OpenAI-compatible endpoint maps it (low 1K,
     * medium 8K, high 24K tokens, none turns thinking off); "minimal" gets the smallest budget every 2.5
     * model accepts.
     */
    private static final Map<String, Integer> BUDGETS = Map.of("none", 0, "minimal", 1024, "low", 1024,
            "medium", 8192, "high", 24576, "xhigh", 24576);
    /**
     * Reasoning effort as a thinking level; thinking cannot be turned off on these models and not every one
     * takes "minimal", so the lowest efforts ask for "low", the level all of them accept.
     */
    private static final Map<String, String> LEVELS = Map.of("none", "low", "minimal", "low", "low", "low",
            "medium", "medium", "high", "high", "xhigh", "high");
    private static final Pattern VERSIONED = Pattern.compile("gemini-(\\d+).*");

    private GeminiGenerationConfig() {
    }

    /** The config for {@code request} to {@code model}, or null when it sets nothing. */
    static ObjectNode toWire(ChatRequest request, String model) {
        ObjectNode config = Json.object();
        sampling(request.sampling(), config);
        if (request.responseFormat() != null) {
            responseFormat(request.responseFormat(), config);
        }
        if (request.reasoning() != null) {
            Reasoning reasoning = request.reasoning();
            ObjectNode thinking = takesLevels(model) ? thinkingLevel(reasoning) : thinkingBudget(reasoning);
            if (!thinking.isEmpty()) {
                config.set("thinkingConfig", thinking);
            }
        }
        return config.isEmpty() ? null : config;
    }

    private static void sampling(Sampling sampling, ObjectNode config) {
        if (sampling.temperature() != null) {
            config.put("temperature", sampling.temperature());
        }
        if (sampling.topP() != null) {
            config.put("topP", sampling.topP());
        }
        if (sampling.topK() != null) {
            config.put("topK", sampling.topK());
        }
        if (sampling.maxTokens() != null) {
            config.put("maxOutputTokens", sampling.maxTokens());
        }
        if (!sampling.stop().isEmpty()) {
            ArrayNode stop = config.putArray("stopSequences");
            sampling.stop().forEach(stop::add);
        }
        if (sampling.seed() != null) {
            long seed = sampling.seed();
            if (seed != (int) seed) {
                throw new GatewayException.BadRequest("'seed' must fit in 32 bits for Gemini, which takes an int32 "
                        + "seed; got " + seed + ".", "seed", "invalid_value");
            }
            config.put("seed", (int) seed);
        }
        if (sampling.n() != null) {
            config.put("candidateCount", sampling.n());
        }
        if (sampling.penalties().presence() != null) {
            config.put("presencePenalty", sampling.penalties().presence());
        }
        if (sampling.penalties().frequency() != null) {
            config.put("frequencyPenalty", sampling.penalties().frequency());
        }
    }

    private static void responseFormat(ResponseFormat format, ObjectNode config) {
        switch (format) {
            case ResponseFormat.Text t -> { }
            case ResponseFormat.JsonObject j -> config.put("responseMimeType", "application/json");
            case ResponseFormat.JsonSchema s -> {
                config.put("responseMimeType", "application/json");
                if (s.schema() != null) {
                    config.set("responseSchema",
                            GeminiSchemas.toWire(s.schema(), "response_format.json_schema.schema"));
                }
            }
        }
    }

    /** Whether {@code model} (a name like {@code gemini-3.1-pro-preview}, or {@code models/…}) is Gemini 3 or later. */
    static boolean takesLevels(String model) {
        Matcher matcher = VERSIONED.matcher(model.substring(model.lastIndexOf('/') + 1));
        return matcher.matches() && matcher.group(1).length() < 4 && Integer.parseInt(matcher.group(1)) >= 3;
    }

    private static ObjectNode thinkingBudget(Reasoning reasoning) {
        ObjectNode thinking = Json.object();
        Integer budget = reasoning.budgetTokens();
        if (budget == null && reasoning.effort() != null) {
            budget = BUDGETS.get(effort(reasoning));
        }
        if (budget != null) {
            thinking.put("thinkingBudget", budget);
        }
        if (!reasoning.exclude() && (budget == null || budget != 0)) {
            thinking.put("includeThoughts", true);
        }
        return thinking;
    }

    /** A token budget asked of a level-only model picks the level whose budget it is closest to. */
    private static ObjectNode thinkingLevel(Reasoning reasoning) {
        ObjectNode thinking = Json.object();
        Integer budget = reasoning.budgetTokens();
        String level = null;
        if (reasoning.effort() != null) {
            level = LEVELS.get(effort(reasoning));
        } else if (budget != null && budget >= 0) {
            level = budget <= BUDGETS.get("low") ? "low" : budget <= BUDGETS.get("medium") ? "medium" : "high";
        }
        if (level != null) {
            thinking.put("thinkingLevel", level);
        }
        boolean off = "none".equals(reasoning.effort()) || budget != null && budget == 0;
        if (!reasoning.exclude() && !off) {
            thinking.put("includeThoughts", true);
        }
        return thinking;
    }

    private static String effort(Reasoning reasoning) {
        String effort = reasoning.effort();
        if (!BUDGETS.containsKey(effort)) {
            throw new GatewayException.BadRequest("Invalid value for 'reasoning_effort': '" + effort
                    + "'. Supported values for Gemini are: 'none', 'minimal', 'low', 'medium', 'high', 'xhigh'.",
                    "reasoning_effort", "invalid_value");
        }
        return effort;
    }
}
