package dev.llmgate.api.admin;

import dev.llmgate.catalog.Capability;
import dev.llmgate.catalog.Model;
import dev.llmgate.catalog.Platform;
import dev.llmgate.catalog.Pricing;
import dev.llmgate.catalog.Registry;
import dev.llmgate.catalog.Route;
import dev.llmgate.chat.Json;
import dev.llmgate.routing.RouteStats;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The registry as the admin API shows it: snake_case JSON, secrets left out. */
final class RegistryViews {

    private RegistryViews() {
    }

    static ObjectNode platform(Platform platform) {
        ObjectNode view = Json.object();
        view.put("id", platform.id()).put("name", platform.name()).put("dialect", platform.dialect())
                .put("base_url", platform.baseUrl()).put("configured", platform.configured())
                .put("key_required", platform.keyRequired()).put("key_set", platform.apiKey() != null);
        ArrayNode headers = view.putArray("headers");
        platform.headers().keySet().stream().sorted().forEach(headers::add);
        view.set("rename", Json.MAPPER.valueToTree(platform.rename()));
        view.set("drop", Json.MAPPER.valueToTree(platform.drop()));
        view.set("forward", Json.MAPPER.valueToTree(platform.forward()));
        return view;
    }

    /** A model as in force on {@code today}: its status follows its lifecycle dates. */
    static ObjectNode model(Model model, Registry.Snapshot snapshot, java.time.LocalDate today) {
        ObjectNode view = Json.object();
        view.put("id", model.id()).put("enabled", model.enabled()).put("provider", model.provider())
                .put("family", model.family())
                .put("context_window", model.limits().contextWindow())
                .put("max_output_tokens", model.limits().maxOutputTokens());
        ArrayNode capabilities = view.putArray("capabilities");
        model.capabilities().stream().map(Capability::yamlName).forEach(capabilities::add);
        view.set("pricing", pricing(model.pricing()));
        var lifecycle = model.lifecycle();
        view.put("status", lifecycle.statusOn(today).yamlName())
                .put("release_date", text(lifecycle.releaseDate())).put("deprecation_date", text(lifecycle.deprecationDate()))
                .put("sunset_date", text(lifecycle.sunsetDate())).put("migration_to", lifecycle.migrationTo());
        view.set("tags", Json.MAPPER.valueToTree(model.tags()));
        view.put("reasoning_params", model.reasoningControl() == null ? null : model.reasoningControl().yamlName());
        view.set("unsupported_params", Json.MAPPER.valueToTree(model.unsupportedParams()));
        ArrayNode routes = view.putArray("routes");
        for (Route route : model.routes()) {
            Platform platform = snapshot.platforms().get(route.platform());
            routes.add(route(route).put("configured", platform != null && platform.configured()));
        }
        return view;
    }

    static ObjectNode route(Route route) {
        ObjectNode view = Json.object().put("platform", route.platform()).put("model_string", route.modelString())
                .put("priority", route.priority()).put("weight", route.weight()).put("enabled", route.enabled());
        if (route.pricing() != null) {
            view.set("pricing", pricing(route.pricing())); // this platform's own price
        }
        return view;
    }

    static ObjectNode stats(RouteStats.View stats) {
        ObjectNode view = Json.object();
        view.put("requests", stats.requests()).put("failures", stats.failures())
                .put("success_rate", stats.successRate()).put("average_latency_ms", stats.averageLatencyMs())
                .put("average_ttft_ms", stats.averageTtftMs())
                .put("last_success", stats.lastSuccess() == null ? null : stats.lastSuccess().toString())
                .put("last_failure", stats.lastFailure() == null ? null : stats.lastFailure().toString())
                .put("cooling_down", stats.coolingDown());
        return view;
    }

    /** Every catalog route with its model, then routes seen only at run time (a bare platform/model). */
    static ArrayNode routes(Registry.Snapshot snapshot, Map<String, RouteStats.View> statistics) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (Model model : snapshot.models().all()) {
            for (Route route : model.routes()) {
                String key = route.platform() + "/" + route.modelString();
                ObjectNode view = route(route).put("model", model.id()).put("key", key);
                RouteStats.View stats = statistics.get(key);
                view.set("stats", stats == null ? null : stats(stats));
                list.add(view);
                listed.add(key);
            }
        }
        statistics.forEach((key, stats) -> {
            if (!listed.contains(key)) {
                int slash = key.indexOf('/');
                ObjectNode view = Json.object().put("platform", key.substring(0, slash))
                        .put("model_string", key.substring(slash + 1)).putNull("model").put("key", key);
                view.set("stats", stats(stats));
                list.add(view);
            }
        });
        return list;
    }

    private static ObjectNode pricing(Pricing pricing) {
        ObjectNode view = Json.object();
        view.put("input_per_million", pricing.inputPerMillion())
                .put("output_per_million", pricing.outputPerMillion())
                .put("cache_read_per_million", pricing.cacheReadPerMillion())
                .put("cache_write_per_million", pricing.cacheWritePerMillion())
                .put("reasoning_per_million", pricing.reasoningPerMillion())
                .put("currency", pricing.currency());
        return view;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
