package dev.llmgate.catalog;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A model clients can name: what it can do, what it costs, where it is in its life and where it is served.
 * {@code reasoningControl} is null for models that do not reason; {@code unsupportedParams} lists request
 * fields the provider documents the model as rejecting. A disabled model (an admin switched it off) is
 * listed but not served.
 */
public record Model(String id, String provider, String family, Limits limits, Set<Capability> capabilities,
                    Pricing pricing, Lifecycle lifecycle, List<String> tags, ReasoningControl reasoningControl,
                    List<String> unsupportedParams, List<Route> routes, boolean enabled) {

    public Model {
        EnumSet<Capability> copy = EnumSet.noneOf(Capability.class);
        copy.addAll(capabilities);
        capabilities = Collections.unmodifiableSet(copy);
        tags = List.copyOf(tags);
        unsupportedParams = List.copyOf(unsupportedParams);
        routes = List.copyOf(routes);
    }

    public boolean supports(Capability capability) {
        return capabilities.contains(capability);
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }

    /**
     * What the model costs on {@code route}: the route's own price when it has one, else the model's; null
     * when neither has one.
     */
    public Pricing pricingOn(Route route) {
        return route != null && route.pricing() != null ? route.pricing() : pricing;
    }
}
