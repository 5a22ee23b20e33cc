package dev.llmgate.provider.anthropic;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Reasoning;

/**
 * The {@code max_tokens} of a request to Anthropic and, when the client asked for reasoning, the thinking
 * budget inside it ({@code budgetTokens} is null when thinking stays off).
 *
 * <p>Anthropic counts thinking within {@code max_tokens} (as OpenAI counts reasoning within
 * {@code max_completion_tokens}), requires a budget of at least {@value #MINIMUM} tokens and strictly less
 * than {@code max_tokens}. An effort becomes a share of {@code max_tokens} (the scheme OpenRouter documents
 * for budget-only models), so the answer keeps the rest; an explicit budget is used as given. When the budget
 * does not fit, {@code max_tokens} grows by the budget so the client's limit still applies to the answer.
 */
record ThinkingBudget(int maxTokens, Integer budgetTokens) {

    /** Anthropic's smallest thinking budget. */
    static final int MINIMUM = 1024;
    /** Effort-derived budgets stop here; beyond it Anthropic advises batch processing. */
    static final int EFFORT_CEILING = 32_000;

    static ThinkingBudget of(Reasoning reasoning, Integer clientMaxTokens, int defaultMaxTokens) {
        int maxTokens = clientMaxTokens != null ? clientMaxTokens : defaultMaxTokens;
        if (reasoning == null) {
            return new ThinkingBudget(maxTokens, null);
        }
        int budget;
        if (reasoning.budgetTokens() != null) {
            budget = Math.max(MINIMUM, reasoning.budgetTokens());
        } else {
            Double share = share(reasoning.effort());
            if (share == null) {
                return new ThinkingBudget(maxTokens, null);
            }
            budget = Math.clamp((long) (maxTokens * share), MINIMUM, EFFORT_CEILING);
        }
        return new ThinkingBudget(budget < maxTokens ? maxTokens : budget + maxTokens, budget);
    }

    /** The share of max_tokens each effort may spend thinking; null for "none" (thinking off). */
    private static Double share(String effort) {
        if (effort == null) {
            return 0.5; // reasoning asked for without a level (OpenRouter's {"enabled": true}): medium
        }
        return switch (effort) {
            case "none" -> null;
            case "minimal" -> 0.0; // raised to the minimum budget
            case "low" -> 0.2;
            case "medium" -> 0.5;
            case "high" -> 0.8;
            case "xhigh", "max" -> 0.95;
            default -> throw new GatewayException.BadRequest("Invalid value for 'reasoning_effort': '" + effort
                    + "'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high', 'xhigh'.",
                    "reasoning_effort", "invalid_value");
        };
    }
}
