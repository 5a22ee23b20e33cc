package dev.llmgate.config;

/** Shared state for many instances (cache, counters, cooldowns); none by default. {@code LLMGATE_REDIS_URL} too. */
public record RedisConfig(String url) {

    public static final RedisConfig DEFAULT = new RedisConfig(null);
}
