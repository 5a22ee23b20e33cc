package dev.llmgate.cache;

import java.time.Instant;

/**
 * One entry as the admin API lists it (the seed's {@code Schema__Cache_Entry}): identity, lifetime, size,
 * and what its hits saved. {@code savedCost} is null while no cost is known (see {@link CostOfUsage}).
 */
public record EntryView(String id, String model, Instant createdAt, Instant expiresAt, long sizeBytes,
                        boolean compressed, long inputTokens, long outputTokens, long hits, Instant lastHitAt,
                        Saved saved) {

    /** Tokens (and money, when known) not spent upstream because hits were served from the cache. */
    public record Saved(long inputTokens, long outputTokens, Double cost) {

        public static final Saved NONE = new Saved(0, 0, null);

        public Saved plus(Savings hit) {
            Double total = cost;
            if (hit.cost() != null) {
                total = (cost == null ? 0 : cost) + hit.cost();
            }
            return new Saved(inputTokens + hit.inputTokens(), outputTokens + hit.outputTokens(), total);
        }
    }
}
