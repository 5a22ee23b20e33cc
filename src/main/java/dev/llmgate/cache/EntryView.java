package dev.llmgate.cache;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One entry as the admin API lists it (the seed's {@code Schema__Cache_Entry}): identity, lifetime, size,
 * and what its hits saved.
 */
public record EntryView(String id, String model, Instant createdAt, Instant expiresAt, long sizeBytes,
                        boolean compressed, long inputTokens, long outputTokens, long hits, Instant lastHitAt,
                        Saved saved) {

    /**
     * Tokens and money not spent upstream because hits were served from the cache. The money is kept in whole
     * nanos of the currency ({@link Savings}); {@code costNanos} is null while no hit had a known price.
     */
    public record Saved(long inputTokens, long outputTokens, Long costNanos) {

        public static final Saved NONE = new Saved(0, 0, null);

        /** The cost saved as a decimal amount, or null when unknown. */
        public BigDecimal cost() {
            return Savings.fromNanos(costNanos);
        }

        public Saved plus(Savings hit) {
            Long total = costNanos;
            if (hit.costNanos() != null) {
                total = Math.addExact(costNanos == null ? 0 : costNanos, hit.costNanos());
            }
            return new Saved(inputTokens + hit.inputTokens(), outputTokens + hit.outputTokens(), total);
        }
    }
}
