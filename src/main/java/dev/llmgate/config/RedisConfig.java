package dev.llmgate.config;

/**
 * Shared state for many instances (cache, counters, cooldowns); none by default. {@code LLMGATE_REDIS_URL}
 * sets the url. Null fields take the defaults in brackets:
 * <ul>
 * <li>{@code url}: {@code redis://[:password@]host:port[/db]} [none];</li>
 * <li>{@code timeout}: seconds an operation may take before it counts as failed [0.5];</li>
 * <li>{@code retry_interval}: seconds between attempts while Redis is unavailable [5];</li>
 * <li>{@code key_prefix}: the start of every key llmgate writes [{@code llmgate:}].</li>
 * </ul>
 */
public record RedisConfig(String url, Double timeout, Double retryInterval, String keyPrefix) {

    public static final RedisConfig DEFAULT = new RedisConfig(null, null, null, null);

    public RedisConfig(String url) {
        this(url, null, null, null);
    }

    public RedisConfig withUrl(String value) {
        return new RedisConfig(value, timeout, retryInterval, keyPrefix);
    }
}
