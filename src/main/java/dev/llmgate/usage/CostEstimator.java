package dev.llmgate.usage;

import dev.llmgate.catalog.Model;
import dev.llmgate.catalog.Pricing;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.Usage;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a request would cost on each route it could take, before it is sent: the prompt's tokens as counted
 * by the caller (o200k: exact for OpenAI models, within a few percent for others), and the answer's at the
 * request's {@code max_tokens} (as prepared for the route's model: clamped to its output limit) or else at the
 * model's typical length — the median output of its latest answers here (at most {@value #SAMPLE}, at least
 * {@value #MIN_SAMPLE}), or {@value #DEFAULT_TYPICAL_OUTPUT} tokens (at most the model's output limit) before
 * it has that many. Reads the usage store: call it off the event loop.
 */
public final class CostEstimator {

    /** Output tokens assumed for a model with too few recent answers to take a median of. */
    public static final long DEFAULT_TYPICAL_OUTPUT = 500;
    /** The median is taken over at most this many of a model's latest successful, uncached answers… */
    static final int SAMPLE = 1_000;
    /** …and only once there are this many. */
    static final int MIN_SAMPLE = 20;

    /** The output tokens of a model's latest successful, uncached answers, newest first, at most {@code limit}. */
    @FunctionalInterface
    public interface RecentOutputs {
        long[] latest(String model, int limit) throws SQLException;
    }

    /** A route the request could take, with its {@code max_tokens} as prepared for that route's model (or null). */
    public record Candidate(RouteOption option, Integer maxTokens) {}

    private final CostCalculator calculator;
    private final RecentOutputs recent;

    public CostEstimator(CostCalculator calculator, RecentOutputs recent) {
        this.calculator = calculator;
        this.recent = recent;
    }

    /** One estimate per candidate, cheapest first; candidates without a price come last, in their given order. */
    public List<RouteEstimate> estimate(long promptTokens, List<Candidate> candidates) throws SQLException {
        String version = calculator.catalogVersion();
        Map<String, Long> medians = new HashMap<>();
        List<RouteEstimate> estimates = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            Model model = candidate.option().model();
            long output;
            RouteEstimate.OutputBasis basis;
            if (candidate.maxTokens() != null) {
                output = candidate.maxTokens();
                basis = RouteEstimate.OutputBasis.MAX_TOKENS;
            } else {
                String name = model != null ? model.id() : candidate.option().key();
                Long median = medians.containsKey(name) ? medians.get(name) : median(name);
                medians.put(name, median);
                if (median != null) {
                    output = median;
                    basis = RouteEstimate.OutputBasis.RECENT_MEDIAN;
                } else {
                    output = model == null ? DEFAULT_TYPICAL_OUTPUT
                            : Math.min(DEFAULT_TYPICAL_OUTPUT, model.limits().maxOutputTokens());
                    basis = RouteEstimate.OutputBasis.DEFAULT;
                }
            }
            Pricing pricing = model == null ? null : model.pricingOn(candidate.option().route());
            Cost cost = pricing == null ? Cost.unknown(version)
                    : CostCalculator.cost(pricing, new Usage(promptTokens, output, 0, 0, 0, Extras.NONE), version);
            estimates.add(new RouteEstimate(candidate.option(), promptTokens, output, basis, cost));
        }
        estimates.sort(Comparator.comparing((RouteEstimate e) -> e.cost().total(),
                Comparator.nullsLast(Comparator.<BigDecimal>naturalOrder())));
        return estimates;
    }

    /** The median output of the model's latest answers, or null when there are too few. */
    private Long median(String model) throws SQLException {
        long[] outputs = recent.latest(model, SAMPLE);
        if (outputs.length < MIN_SAMPLE) {
            return null;
        }
        long[] sorted = outputs.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle] + 1) / 2;
    }
}
