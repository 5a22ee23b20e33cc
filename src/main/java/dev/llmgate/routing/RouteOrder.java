package dev.llmgate.routing;

import dev.llmgate.catalog.TokenKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Puts candidates in the order to try them: the requested model's routes before each fallback model's, by
 * priority, then by the strategy among equals; routes cooling down go last, as a last resort.
 */
final class RouteOrder {

    private final Strategy strategy;
    private final RandomGenerator random;
    private final long probeTimeoutNanos;

    RouteOrder(Strategy strategy, RandomGenerator random, long probeTimeoutNanos) {
        this.strategy = strategy;
        this.random = random;
        this.probeTimeoutNanos = probeTimeoutNanos;
    }

    List<Candidate> order(List<Candidate> candidates, Map<String, RouteStats> stats, long promptTokens, long nowNanos) {
        Map<Candidate, Double> keys = new java.util.IdentityHashMap<>();
        for (Candidate candidate : candidates) {
            keys.put(candidate, switch (strategy) {
                case PRIORITY -> 0.0;
                // Efraimidis–Spirakis: sorting by -u^(1/w) draws in proportion to the weights
                case WEIGHTED -> -Math.pow(random.nextDouble(), 1.0 / candidate.route().weight());
                case LATENCY -> stats.containsKey(candidate.key()) ? stats.get(candidate.key()).latencyScore() : 0;
                case COST -> expectedCost(candidate, promptTokens);
            });
        }
        List<Candidate> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparingInt(Candidate::group)
                .thenComparingInt(c -> c.route().priority())
                .thenComparingDouble(keys::get));
        List<Candidate> admitted = new ArrayList<>(ordered.size());
        List<Candidate> cooling = new ArrayList<>();
        for (Candidate candidate : ordered) {
            RouteStats routeStats = stats.get(candidate.key());
            (routeStats == null || routeStats.admits(nowNanos, probeTimeoutNanos) ? admitted : cooling).add(candidate);
        }
        admitted.addAll(cooling);
        return admitted;
    }

    /** Catalog price × estimated tokens (prompt, and the answer at its max_tokens or a tenth of the model's limit). */
    private static double expectedCost(Candidate candidate, long promptTokens) {
        if (candidate.model() == null) {
            return Double.MAX_VALUE; // unknown price: after every priced route
        }
        Integer maxTokens = candidate.request().sampling().maxTokens();
        long output = maxTokens != null ? maxTokens : candidate.model().limits().maxOutputTokens() / 10;
        var pricing = candidate.model().pricing();
        BigDecimal cost = pricing.cost(TokenKind.INPUT, Math.max(promptTokens, 0)).orElse(BigDecimal.ZERO)
                .add(pricing.cost(TokenKind.OUTPUT, output).orElse(BigDecimal.ZERO));
        return cost.doubleValue();
    }
}
