package dev.llmgate.provider;

import java.util.Map;

/**
 * Where one attempt goes: a platform's endpoint, the dialect it speaks, and the model string it knows the
 * model by. Built by the router from the catalog; providers only read it.
 */
public record Upstream(String platform, String dialect, Endpoint endpoint, ParamRules rules, String model) {

    /** A base URL (with the version path for OpenAI-dialect vendors), the key (may be null) and extra headers. */
    public record Endpoint(String baseUrl, String apiKey, Map<String, String> headers) {
        public Endpoint {
            baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            headers = Map.copyOf(headers);
        }
    }

    public String url(String path) {
        return endpoint.baseUrl() + path;
    }

    public Upstream withRules(ParamRules value) {
        return new Upstream(platform, dialect, endpoint, value, model);
    }

    public Upstream withModel(String value) {
        return new Upstream(platform, dialect, endpoint, rules, value);
    }
}
