package dev.llmgate.catalog;

import dev.llmgate.config.ConfigLoader.ConfigException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A model as written in the built-in catalog or a config file. Fields are nullable so that an entry with an
 * existing id can change only what it sets; {@link #toModel} checks the result and names the model in every
 * complaint.
 */
record ModelEntry(String id, String provider, String family, Integer contextWindow, Integer maxOutputTokens,
                  List<String> capabilities, PricingEntry pricing, String status, LocalDate releaseDate,
                  LocalDate deprecationDate, LocalDate sunsetDate, String migrationTo, List<String> tags,
                  String reasoningParams, List<String> unsupportedParams, List<RouteEntry> routes,
                  Boolean enabled) {

    /** This entry with the fields {@code override} sets taken from it; lists and pricing are replaced whole. */
    ModelEntry overriddenBy(ModelEntry override) {
        return new ModelEntry(id, pick(override.provider, provider), pick(override.family, family),
                pick(override.contextWindow, contextWindow), pick(override.maxOutputTokens, maxOutputTokens),
                pick(override.capabilities, capabilities), pick(override.pricing, pricing),
                pick(override.status, status), pick(override.releaseDate, releaseDate),
                pick(override.deprecationDate, deprecationDate), pick(override.sunsetDate, sunsetDate),
                pick(override.migrationTo, migrationTo), pick(override.tags, tags),
                pick(override.reasoningParams, reasoningParams), pick(override.unsupportedParams, unsupportedParams),
                pick(override.routes, routes), pick(override.enabled, enabled));
    }

    /** The domain model, or a {@link ConfigException} that names the model and the field to fix. */
    Model toModel(String source) {
        require(provider != null && !provider.isBlank(), source, "needs a 'provider'");
        require(contextWindow != null && contextWindow > 0, source, "needs a positive 'context_window'");
        require(maxOutputTokens != null && maxOutputTokens > 0, source, "needs a positive 'max_output_tokens'");
        require(maxOutputTokens <= contextWindow, source, "has 'max_output_tokens' above its 'context_window'");
        require(pricing != null && pricing.inputPerMillion() != null && pricing.outputPerMillion() != null, source,
                "needs 'pricing' with 'input_per_million' and 'output_per_million'");
        Lifecycle.Status lifecycleStatus = status == null ? Lifecycle.Status.ACTIVE : Lifecycle.Status.fromYaml(status);
        require(lifecycleStatus != null, source, "has unknown status '" + status
                + "' (use active, beta, deprecated or sunset)");
        boolean retiring = lifecycleStatus == Lifecycle.Status.DEPRECATED || lifecycleStatus == Lifecycle.Status.SUNSET;
        require(!retiring || deprecationDate != null || sunsetDate != null, source,
                "is " + status + " but gives neither 'deprecation_date' nor 'sunset_date'");
        ReasoningControl control = reasoningParams == null ? null : ReasoningControl.fromYaml(reasoningParams);
        require(reasoningParams == null || control != null, source, "has unknown reasoning_params '"
                + reasoningParams + "' (use effort, budget or level)");
        require(routes != null && !routes.isEmpty(), source, "needs at least one route");
        return new Model(id, provider, family == null ? id : family, new Limits(contextWindow, maxOutputTokens),
                capabilitySet(source), pricing.toPricing(),
                new Lifecycle(lifecycleStatus, releaseDate, deprecationDate, sunsetDate, migrationTo),
                tags == null ? List.of() : tags, control,
                unsupportedParams == null ? List.of() : unsupportedParams, routeList(source),
                !Boolean.FALSE.equals(enabled));
    }

    private Set<Capability> capabilitySet(String source) {
        Set<Capability> set = EnumSet.noneOf(Capability.class);
        for (String name : capabilities == null ? List.<String>of() : capabilities) {
            Capability capability = Capability.fromYaml(name);
            require(capability != null, source, "has unknown capability '" + name + "'");
            set.add(capability);
        }
        return set;
    }

    private List<Route> routeList(String source) {
        List<Route> list = new ArrayList<>();
        for (RouteEntry route : routes) {
            require(route.platform() != null && !route.platform().isBlank()
                    && route.modelString() != null && !route.modelString().isBlank(), source,
                    "has a route without 'platform' or 'model_string'");
            int weight = route.weight() == null ? 1 : route.weight();
            require(weight > 0, source, "has a route with a weight below 1");
            PricingEntry price = route.pricing();
            require(price == null || price.inputPerMillion() != null && price.outputPerMillion() != null, source,
                    "has a route on '" + route.platform() + "' whose 'pricing' lacks 'input_per_million' or"
                            + " 'output_per_million'");
            list.add(new Route(route.platform(), route.modelString(), route.priority() == null ? 1 : route.priority(),
                    weight, !Boolean.FALSE.equals(route.enabled()), price == null ? null : price.toPricing()));
        }
        return list;
    }

    private void require(boolean condition, String source, String problem) {
        if (!condition) {
            throw new ConfigException("Model '" + id + "' in " + source + " " + problem + ".");
        }
    }

    private static <T> T pick(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
