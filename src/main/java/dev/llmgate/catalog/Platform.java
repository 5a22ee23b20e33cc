package dev.llmgate.catalog;

import java.util.List;
import java.util.Map;

/**
 * Where an API is served (OpenAI, Groq, a local vLLM…) with everything needed to call it, resolved from
 * the built-in catalog, the config file and the environment. {@code baseUrl} is null when the platform
 * needs one and none was given.
 */
public record Platform(String id, String name, String dialect, String baseUrl, String apiKey, boolean keyRequired,
                       Map<String, String> headers, Map<String, String> rename, List<String> drop,
                       List<String> forward) {

    public Platform {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        rename = rename == null ? Map.of() : Map.copyOf(rename);
        drop = drop == null ? List.of() : List.copyOf(drop);
        forward = forward == null ? List.of() : List.copyOf(forward);
    }

    /** Whether a request could be sent now: a base URL, and a key unless the platform needs none. */
    public boolean configured() {
        return baseUrl != null && (apiKey != null || !keyRequired);
    }

    /** What to set to configure this platform, for error messages. */
    public String howToConfigure() {
        String prefix = PlatformCatalog.envPrefix(id);
        if (baseUrl == null) {
            return "set " + prefix + "_BASE_URL" + (keyRequired ? " and " + prefix + "_API_KEY" : "")
                    + " (or base_url in the config file)";
        }
        return "set " + prefix + "_API_KEY (or api_key in the config file)";
    }
}
