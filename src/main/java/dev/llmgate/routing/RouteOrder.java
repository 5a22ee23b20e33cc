package dev.llmgate.routing;

import dev.llmgate.catalog.Pricing;
import dev.llmgate.catalog.TokenKind;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.ProviderRouting;
import dev.llmgate.chat.TokenCounter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Puts candidates in the order to try them: the requested model's routes before each fallback model's; within
 * each, the platforms the client's {@code provider.order} names first, then by priority, then by the strategy
 * among equals. Routes cooling down are left out; when that leaves nothing, the request is answered at once
 * with a 503 that says when to come back, and no upstream is called.
 */
final class RouteOrder {

    /** Prompt tokens per character of text, for the cost strategy when the prompt was not counted. */
    private final Strategy strategy;
    private final RandomGenerator random;
    private final long probeTimeoutNanos;

    RouteOrder(Strategy strategy, RandomGenerator random, long probeTimeoutNanos) {
        this.strategy = strategy;
        this.random = random;
        this.probeTimeoutNanos = probeTimeoutNanos;
    }

    long probeTimeoutNanos() {
        return probeTimeoutNanos;
    }

    List<Candidate> order(List<Candidate> candidates, Map<String, RouteStats> stats, long promptTokens, long nowNanos) {
        ProviderRouting routing = candidates.getFirst().request().gateway().narrowing().routingOrNone();
        Map<Candidate, Double> keys = new IdentityHashMap<>();
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
                .thenComparingInt(c -> routing.rank(c.route().platform()))
                .thenComparingInt(c -> c.route().priority())
                .thenComparingDouble(keys::get));
        List<Candidate> allowed = routing.allowFallbacks() ? ordered : withoutFallbacks(ordered, routing);
        if (allowed.isEmpty()) {
            throw new GatewayException.NotFound("No route of '" + candidates.getFirst().request().model()
                    + "' is on a platform in provider.order " + routing.order() + ", and provider.allow_fallbacks"
                    + " is false.", "model_not_found", "provider");
        }
        List<Candidate> admitted = new ArrayList<>(allowed.size());
        for (Candidate candidate : allowed) {
            RouteStats routeStats = stats.get(candidate.key());
            if (routeStats == null || !routeStats.blocked(nowNanos, probeTimeoutNanos)) {
                admitted.add(candidate);
            }
        }
        if (admitted.isEmpty()) {
            throw coolingDown(allowed, stats, nowNanos);
        }
        return admitted;
    }

    /**
     * The answer when every route is cooling down: 503 with Retry-After at the earliest moment one of them
     * may be tried again.
     */
    GatewayException coolingDown(List<Candidate> candidates, Map<String, RouteStats> stats, long nowNanos) {
        long earliest = Long.MAX_VALUE;
        for (Candidate candidate : candidates) {
            RouteStats routeStats = stats.get(candidate.key());
            earliest = Math.min(earliest, routeStats == null ? nowNanos : routeStats.blockedUntil(probeTimeoutNanos));
        }
        long seconds = Math.max(1, (Math.max(0, earliest - nowNanos) + 999_999_999L) / 1_000_000_000L);
        return new GatewayException.Unavailable("Every route of '" + candidates.getFirst().request().model()
                + "' is cooling down after repeated upstream failures; no upstream was called. Try again in "
                + seconds + " s.", "all_routes_cooling_down", Duration.ofSeconds(seconds));
    }

    /**
     * {@code provider.allow_fallbacks: false}, OpenRouter's meaning over our routes: only the platforms of
     * {@code provider.order}, or, without an order, only the first route of each model.
     */
    private static List<Candidate> withoutFallbacks(List<Candidate> ordered, ProviderRouting routing) {
        List<Candidate> kept = new ArrayList<>();
        Set<Integer> groups = new HashSet<>();
        for (Candidate candidate : ordered) {
            boolean keep = routing.order().isEmpty() ? groups.add(candidate.group())
                    : routing.lists(candidate.route().platform());
            if (keep) {
                kept.add(candidate);
            }
        }
        return kept;
    }

    /**
     * The route's price (its own, else its model's) × estimated tokens: the prompt (counted, or estimated from
     * its length) and the answer at its max_tokens or a tenth of the model's limit.
     */
    private static double expectedCost(Candidate candidate, long promptTokens) {
        if (candidate.model() == null) {
            return Double.MAX_VALUE; // unknown price: after every priced route
        }
        Integer maxTokens = candidate.request().sampling().maxTokens();
        long output = maxTokens != null ? maxTokens : candidate.model().limits().maxOutputTokens() / 10;
        long prompt = promptTokens >= 0 ? promptTokens : TokenCounter.estimate(candidate.request());
        Pricing pricing = candidate.model().pricingOn(candidate.route());
        BigDecimal cost = pricing.cost(TokenKind.INPUT, prompt).orElse(BigDecimal.ZERO)
                .add(pricing.cost(TokenKind.OUTPUT, output).orElse(BigDecimal.ZERO));
        return cost.doubleValue();
    }
}
