package dev.llmgate.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenRouter's {@code provider} object as a client sent it: {@code order} lists the platforms to try first, in
 * that order; {@code allow_fallbacks: false} keeps the request on those (or, without an order, on the first
 * route). The gateway honours both over its own routes and passes the object as written ({@code raw}) only to
 * platforms that implement it themselves.
 */
public record ProviderRouting(List<String> order, boolean allowFallbacks, ObjectNode raw) {

    public static final ProviderRouting NONE = new ProviderRouting(List.of(), true, null);

    public ProviderRouting {
        order = List.copyOf(order);
    }

    /** Reads the object form of {@code provider}; {@code path} names it in errors. */
    static ProviderRouting fromWire(ObjectNode node, String path) {
        List<String> order = new ArrayList<>();
        JsonNode list = node.get("order");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new GatewayException.BadRequest("'" + path + ".order' must be an array of platform names.",
                        path + ".order", "invalid_type");
            }
            for (JsonNode item : list) {
                if (!item.isString()) {
                    throw new GatewayException.BadRequest("'" + path + ".order' must hold platform names (strings).",
                            path + ".order", "invalid_type");
                }
                order.add(item.stringValue().toLowerCase(Locale.ROOT));
            }
        }
        JsonNode fallbacks = node.get("allow_fallbacks");
        if (fallbacks != null && !fallbacks.isNull() && !fallbacks.isBoolean()) {
            throw new GatewayException.BadRequest("'" + path + ".allow_fallbacks' must be true or false.",
                    path + ".allow_fallbacks", "invalid_type");
        }
        return new ProviderRouting(order, fallbacks == null || !fallbacks.isBoolean() || fallbacks.booleanValue(),
                node.deepCopy());
    }

    /** A route's place by its platform: its index in {@code order}, or after all of them when not listed. */
    public int rank(String platform) {
        int index = order.indexOf(platform.toLowerCase(Locale.ROOT));
        return index < 0 ? order.size() : index;
    }

    public boolean lists(String platform) {
        return order.contains(platform.toLowerCase(Locale.ROOT));
    }
}
