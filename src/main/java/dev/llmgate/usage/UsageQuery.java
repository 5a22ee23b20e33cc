package dev.llmgate.usage;

import java.time.Instant;

/**
 * Which usage records to list, newest first. Every filter may be null (not applied). {@code status} is a
 * status name ({@code success}, {@code error}, {@code client_closed}) or an HTTP status code. Pages go on
 * either by {@code offset} or, cheaper on deep pages, by the {@code cursor} the previous page returned.
 */
public record UsageQuery(Instant from, Instant to, String model, String userId, String apiKeyId, String status,
                         int limit, int offset, String cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1_000;

    public UsageQuery {
        if (limit <= 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
    }

    /** The newest {@code limit} records, unfiltered. */
    public static UsageQuery latest(int limit) {
        return new UsageQuery(null, null, null, null, null, null, limit, 0, null);
    }
}
