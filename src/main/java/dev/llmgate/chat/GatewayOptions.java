package dev.llmgate.chat;

import java.util.List;

/**
 * Request fields addressed to the gateway itself rather than the model: fallback models, cache controls,
 * route narrowing and attribution. They are consumed here and never forwarded as-is.
 */
public record GatewayOptions(List<String> fallbackModels, Boolean useCache, Double cacheTtlHours,
                             Narrowing narrowing, Attribution attribution) {

    public static final GatewayOptions NONE =
            new GatewayOptions(List.of(), null, null, Narrowing.NONE, Attribution.NONE);

    /** Limits the routes a model id may take: by platform and by the provider that made the model. */
    public record Narrowing(String platform, String provider) {
        public static final Narrowing NONE = new Narrowing(null, null);
    }

    /** Who the request is for, for accounting. */
    public record Attribution(String userId, String sessionId, List<String> tags) {
        public static final Attribution NONE = new Attribution(null, null, List.of());
    }
}
