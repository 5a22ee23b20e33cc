package dev.llmgate.cache;

import dev.llmgate.chat.GatewayException;
import java.time.Duration;
import java.util.Locale;

/**
 * What a client's headers ask of the cache: {@code Cache-Control: no-cache} (do not answer from the cache),
 * {@code no-store} (do not keep this answer), and {@code x-llmgate-cache-ttl} (the entry's lifetime in
 * seconds, a positive integer; it takes precedence over the body's {@code cache_ttl_hours}).
 */
public record CacheDirectives(boolean noCache, boolean noStore, Duration ttl) {

    public static final CacheDirectives NONE = new CacheDirectives(false, false, null);
    public static final String TTL_HEADER = "x-llmgate-cache-ttl";

    /** Reads the two headers (either may be null); a malformed TTL is the client's error, with a 400. */
    public static CacheDirectives fromHeaders(String cacheControl, String ttlSeconds) {
        if (cacheControl == null && ttlSeconds == null) {
            return NONE;
        }
        boolean noCache = false;
        boolean noStore = false;
        if (cacheControl != null) {
            for (String directive : cacheControl.split(",")) {
                String name = directive.trim().toLowerCase(Locale.ROOT);
                noCache |= name.equals("no-cache");
                noStore |= name.equals("no-store");
            }
        }
        return new CacheDirectives(noCache, noStore, ttl(ttlSeconds));
    }

    private static Duration ttl(String seconds) {
        if (seconds == null) {
            return null;
        }
        long value;
        try {
            value = Long.parseLong(seconds.trim());
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value <= 0) {
            throw new GatewayException.BadRequest("The header '" + TTL_HEADER + "' must be a positive whole number "
                    + "of seconds, but it is '" + seconds + "'.", TTL_HEADER, "invalid_value");
        }
        return value >= CacheSettings.MAX_TTL.toSeconds() ? CacheSettings.MAX_TTL : Duration.ofSeconds(value);
    }
}
