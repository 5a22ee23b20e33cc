package dev.llmgate.cache;

import dev.llmgate.config.CacheConfig;
import dev.llmgate.config.ConfigLoader.ConfigException;
import dev.llmgate.config.RedisConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * The cache's configuration with every default applied and checked: whether it is on, the backend, the
 * default lifetime of an entry, the bound of the in-process backend, and how to reach Redis.
 * Without {@code cache.backend}, the cache is in process, or in Redis when {@code redis.url} is set.
 */
public record CacheSettings(boolean enabled, Backend backend, Duration defaultTtl, long maxBytes,
                            RedisSettings redis) {

    public static final double DEFAULT_TTL_HOURS = 168;
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    /** Longer lifetimes are cut to this (ten years), which every backend's clock arithmetic can hold. */
    public static final Duration MAX_TTL = Duration.ofDays(3650);

    public enum Backend {
        MEMORY("memory"), SQL("sql"), REDIS("redis"), MEMORY_REDIS("memory+redis");

        private final String configName;

        Backend(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public boolean usesRedis() {
            return this == REDIS || this == MEMORY_REDIS;
        }

        static Backend parse(String name) {
            String wanted = name.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(b -> b.configName.equals(wanted)).findFirst()
                    .orElseThrow(() -> new ConfigException("cache.backend '" + name
                            + "' is not one of memory, sql, redis, memory+redis."));
        }
    }

    /** Where Redis is, how long an operation may take, and how often to retry while it is down. */
    public record RedisSettings(String url, Duration timeout, Duration retryInterval, String keyPrefix) {

        static RedisSettings from(RedisConfig config) {
            return new RedisSettings(blankToNull(config.url()), seconds(config.timeout(), 0.5, "redis.timeout"),
                    seconds(config.retryInterval(), 5, "redis.retry_interval"),
                    config.keyPrefix() == null ? "llmgate:" : config.keyPrefix());
        }
    }

    public static CacheSettings from(CacheConfig cache, RedisConfig redisConfig) {
        RedisSettings redis = RedisSettings.from(redisConfig);
        boolean enabled = cache.enabled() == null || cache.enabled();
        Backend backend = cache.backend() == null || cache.backend().isBlank()
                ? (redis.url() != null ? Backend.REDIS : Backend.MEMORY)
                : Backend.parse(cache.backend());
        double hours = cache.ttlHours() == null ? DEFAULT_TTL_HOURS : cache.ttlHours();
        if (hours <= 0) {
            throw new ConfigException("cache.ttl_hours must be positive, but it is " + hours + ".");
        }
        long maxBytes = cache.maxBytes() == null ? DEFAULT_MAX_BYTES : cache.maxBytes();
        if (maxBytes <= 0) {
            throw new ConfigException("cache.max_bytes must be positive, but it is " + maxBytes + ".");
        }
        if (enabled && backend.usesRedis() && redis.url() == null) {
            throw new ConfigException("cache.backend " + backend.configName()
                    + " needs redis.url (or LLMGATE_REDIS_URL).");
        }
        return new CacheSettings(enabled, backend, hoursToTtl(hours), maxBytes, redis);
    }

    /** A lifetime in hours (the seed's unit) as a duration, bounded by {@link #MAX_TTL}. */
    public static Duration hoursToTtl(double hours) {
        double millis = hours * 3_600_000d;
        return millis >= MAX_TTL.toMillis() ? MAX_TTL : Duration.ofMillis(Math.max(1, Math.round(millis)));
    }

    private static Duration seconds(Double value, double fallback, String name) {
        double seconds = value == null ? fallback : value;
        if (seconds <= 0) {
            throw new ConfigException(name + " must be positive, but it is " + seconds + ".");
        }
        return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
