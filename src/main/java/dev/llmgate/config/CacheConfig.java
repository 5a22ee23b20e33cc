package dev.llmgate.config;

/**
 * The exact-match response cache: on by default; {@code backend} is memory, sql, redis or memory+redis;
 * {@code ttlHours} the default lifetime of an entry; {@code maxBytes} bounds the in-process backend.
 */
public record CacheConfig(Boolean enabled, String backend, Double ttlHours, Long maxBytes) {

    public static final CacheConfig DEFAULT = new CacheConfig(null, null, null, null);
}
