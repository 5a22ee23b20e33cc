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

    /**
     * The request fields that are the gateway's, whatever the protocol: consumed, never forwarded as such.
     * {@code provider} is the gateway's too, in both forms: a string names the model's maker, an object is
     * OpenRouter's routing preferences ({@link ProviderRouting}), passed on only to platforms that take it.
     */
    public static final java.util.Set<String> FIELDS = java.util.Set.of("models", "use_cache", "cache_ttl_hours",
            "platform", "session_id", "tags", "user_id", "request_id");

    /** The longest {@code request_id} accepted (as for the {@code x-request-id} header). */
    public static final int MAX_REQUEST_ID = 200;

    /** Reads the gateway's fields from a client body (any protocol). */
    public static GatewayOptions fromWire(WireObject wire) {
        List<String> models = wire.stringOrStrings("models");
        tools.jackson.databind.JsonNode provider = wire.get("provider");
        String providerName = provider != null && provider.isString() ? provider.stringValue() : null;
        ProviderRouting routing = provider != null && provider.isObject()
                ? ProviderRouting.fromWire(wire.optObject("provider")) : null;
        if (provider != null && !provider.isString() && !provider.isObject()) {
            throw wire.invalidType("provider", "a string (the model's maker) or an object (OpenRouter's)", provider);
        }
        Narrowing narrowing = new Narrowing(wire.optString("platform"), providerName, routing);
        String requestId = wire.optString("request_id");
        if (requestId != null && (requestId.isEmpty() || requestId.length() > MAX_REQUEST_ID)) {
            throw new GatewayException.BadRequest("'request_id' must be 1 to " + MAX_REQUEST_ID + " characters long.",
                    "request_id", "invalid_value");
        }
        Attribution attribution = new Attribution(wire.optString("user_id"), wire.optString("session_id"),
                wire.stringOrStrings("tags"), requestId);
        Boolean useCache = wire.optBoolean("use_cache");
        Double ttl = wire.optNumber("cache_ttl_hours");
        if (ttl != null && ttl <= 0) {
            throw new GatewayException.BadRequest("'cache_ttl_hours' must be positive.", "cache_ttl_hours",
                    "invalid_value");
        }
        if (models.isEmpty() && useCache == null && ttl == null && providerName == null
                && narrowing.platform() == null && routing == null
                && attribution.equals(Attribution.NONE)) {
            return NONE;
        }
        return new GatewayOptions(models, useCache, ttl, narrowing, attribution);
    }

    /** {@code extras} without the gateway's fields (the unknown fields of a body are forwarded). */
    public static tools.jackson.databind.node.ObjectNode withoutGatewayFields(
            tools.jackson.databind.node.ObjectNode extras) {
        if (extras != null) {
            extras.remove(FIELDS);
            extras.remove("provider");
        }
        return extras;
    }

    /**
     * Limits and orders the routes a model id may take: by platform, by the provider that made the model, and
     * by OpenRouter's routing preferences ({@code routing}, null when the client sent none).
     */
    public record Narrowing(String platform, String provider, ProviderRouting routing) {
        public static final Narrowing NONE = new Narrowing(null, null, null);

        /** The client's routing preferences, or none (every route, in the gateway's own order). */
        public ProviderRouting routingOrNone() {
            return routing != null ? routing : ProviderRouting.NONE;
        }
    }

    /** Who the request is for, for accounting, and the client's own id for it ({@code request_id}). */
    public record Attribution(String userId, String sessionId, List<String> tags, String requestId) {
        public static final Attribution NONE = new Attribution(null, null, List.of(), null);
    }
}
