package dev.llmgate.usage;

import dev.llmgate.catalog.Model;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.TokenCounter;
import dev.llmgate.chat.Usage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a request would cost on each route it could take, before it is sent: the prompt counted with the
 * o200k tokenizer (exact for OpenAI models, within a few percent for others), the answer at the request's
 * {@code max_tokens} or else the model's output limit. Counting is CPU work proportional to the prompt:
 * call it off the event loop for large requests.
 */
public final class CostEstimator {

    private final CostCalculator calculator;

    public CostEstimator(CostCalculator calculator) {
        this.calculator = calculator;
    }

    /** One estimate per option, cheapest first; options without a price come last, in their given order. */
    public List<RouteEstimate> estimate(ChatRequest request, List<RouteOption> options) {
        long prompt = TokenCounter.prompt(request);
        Integer maxTokens = request.sampling() == null ? null : request.sampling().maxTokens();
        String version = calculator.catalogVersion();
        List<RouteEstimate> estimates = new ArrayList<>(options.size());
        for (RouteOption option : options) {
            Model model = option.model();
            long output;
            RouteEstimate.OutputBasis basis;
            if (maxTokens != null) {
                output = maxTokens;
                basis = RouteEstimate.OutputBasis.MAX_TOKENS;
            } else if (model != null) {
                output = model.limits().maxOutputTokens();
                basis = RouteEstimate.OutputBasis.MODEL_MAX_OUTPUT;
            } else {
                output = 0;
                basis = RouteEstimate.OutputBasis.UNKNOWN;
            }
            Cost cost = model == null || model.pricing() == null || basis == RouteEstimate.OutputBasis.UNKNOWN
                    ? Cost.unknown(version)
                    : CostCalculator.cost(model.pricingOn(option.route()), new Usage(prompt, output, 0, 0, 0,
                            Extras.NONE), version);
            estimates.add(new RouteEstimate(option, prompt, output, basis, cost));
        }
        estimates.sort(Comparator.comparing((RouteEstimate e) -> e.cost().total(),
                Comparator.nullsLast(Comparator.<BigDecimal>naturalOrder())));
        return estimates;
    }
}
