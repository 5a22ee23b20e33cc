package dev.llmgate.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Usage over a time range {@code [from, to)}: totals, the breakdowns by model, platform and user (each
 * ordered by cost, the largest first), requests and cost per UTC day, and what the cache and the routing
 * saved. Costs are sums of the recorded costs in the catalog's currency; requests whose cost is unknown
 * add nothing to them and are counted in {@code unpricedRequests}.
 */
public record UsageReport(Instant from, Instant to, Totals totals, List<Group> byModel, List<Group> byPlatform,
                          List<Group> byUser, List<Day> daily, CacheSavings cache, RoutingSavings routing) {

    public UsageReport {
        byModel = List.copyOf(byModel);
        byPlatform = List.copyOf(byPlatform);
        byUser = List.copyOf(byUser);
        daily = List.copyOf(daily);
    }

    public record Totals(long requests, long errors, Tokens tokens, double cost, long unpricedRequests,
                         long cacheHits) {
        /** The share of requests the response cache answered, 0 when there were none. */
        public double cacheHitRate() {
            return requests == 0 ? 0 : (double) cacheHits / requests;
        }
    }

    public record Tokens(long input, long output, long cacheRead, long cacheWrite, long reasoning) {
        public long total() {
            return input + output;
        }
    }

    /** One model, platform or user ({@code key} null for records without one). */
    public record Group(String key, long requests, long inputTokens, long outputTokens, double cost) {}

    public record Day(LocalDate date, long requests, long tokens, double cost) {}

    /** Cache hits and what their answers would have cost upstream. */
    public record CacheSavings(long hits, double costSaved) {}

    /**
     * Over the requests whose dearest eligible route and actual cost are both known (cache hits excluded):
     * what they would have cost on that route, and what they did cost.
     */
    public record RoutingSavings(long requests, double mostExpensiveCost, double actualCost) {
        public double saved() {
            return mostExpensiveCost - actualCost;
        }
    }
}
