package dev.llmgate.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
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

    /** Reads the object form of {@code provider} (kept as sent, for the platforms that take it). */
    static ProviderRouting fromWire(WireObject wire) {
        List<String> order = new ArrayList<>();
        ArrayNode list = wire.optArray("order");
        if (list != null) {
            for (JsonNode item : list) {
                if (!item.isString()) {
                    throw wire.invalidType("order", "an array of platform names (strings)", list);
                }
                order.add(item.stringValue().toLowerCase(Locale.ROOT));
            }
        }
        Boolean fallbacks = wire.optBoolean("allow_fallbacks");
        return new ProviderRouting(order, fallbacks == null || fallbacks, wire.node());
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
