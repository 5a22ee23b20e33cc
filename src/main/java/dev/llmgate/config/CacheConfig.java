package dev.llmgate.config;

/**
 * The exact-match response cache. Null fields take the defaults in brackets:
 * <ul>
 * <li>{@code enabled}: whether answers are cached at all [true];</li>
 * <li>{@code backend}: memory | sql | redis | memory+redis [memory] — redis needs {@code redis.url};</li>
 * <li>{@code ttl_hours}: how long an entry lives unless the request says otherwise [168];</li>
 * <li>{@code max_bytes}: the bound of the in-process backend, in stored (compressed) bytes [64 MiB].</li>
 * </ul>
 */
public record CacheConfig(Boolean enabled, String backend, Double ttlHours, Long maxBytes) {

    public static final CacheConfig DEFAULT = new CacheConfig(null, null, null, null);

    public static final CacheConfig OFF = new CacheConfig(false, null, null, null);
}
