package dev.llmgate.cache;

import java.time.Duration;

/**
 * What the cache does for one request, decided before routing: whether to look the answer up, whether to
 * keep the upstream's answer and for how long, under which key, for which model (as resolved).
 */
public record CacheDecision(CacheKey key, String model, boolean lookup, boolean store, Duration ttl) {

    /** The cache stays out of this request altogether. */
    public static final CacheDecision SKIP = new CacheDecision(null, null, false, false, null);

    /** Whether an answer served by {@code servedModel} may be kept under this decision's key. */
    public boolean storesAnswerOf(String servedModel) {
        return store && model.equals(servedModel);
    }
}
