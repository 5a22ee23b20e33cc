package dev.llmgate.config;

import java.util.List;
import java.util.Map;

/**
 * A platform (where an API is served) as written in the built-in catalog or a config file. Every field but
 * {@code id} may be null: an entry with an existing id changes only the fields it sets.
 */
public record PlatformConfig(String id, String name, String dialect, String baseUrl, String apiKey,
                             Boolean keyRequired, Map<String, String> headers, Map<String, String> rename,
                             List<String> drop, List<String> forward) {

    /** This entry with the fields {@code override} sets taken from it. */
    public PlatformConfig overriddenBy(PlatformConfig override) {
        return new PlatformConfig(id, pick(override.name, name), pick(override.dialect, dialect),
                pick(override.baseUrl, baseUrl), pick(override.apiKey, apiKey),
                pick(override.keyRequired, keyRequired), pick(override.headers, headers),
                pick(override.rename, rename), pick(override.drop, drop), pick(override.forward, forward));
    }

    private static <T> T pick(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
