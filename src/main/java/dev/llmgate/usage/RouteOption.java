package dev.llmgate.usage;

import dev.llmgate.catalog.Model;
import dev.llmgate.catalog.Route;

/** One way a request could be served: a route and the catalog model behind it (null when the catalog has none). */
public record RouteOption(Route route, Model model) {

    /** {@code platform/model_string}, as the route is named in records and headers. */
    public String key() {
        return route.platform() + "/" + route.modelString();
    }
}
