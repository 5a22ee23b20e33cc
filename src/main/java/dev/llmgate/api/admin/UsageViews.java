package dev.llmgate.api.admin;

import dev.llmgate.chat.Json;
import dev.llmgate.chat.Usage;
import dev.llmgate.routing.Resolution;
import dev.llmgate.usage.Cost;
import dev.llmgate.usage.RouteEstimate;
import dev.llmgate.usage.UsageRecord;
import dev.llmgate.usage.UsageReport;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON shapes of the usage API, snake_case; an unknown cost is null, never 0. */
final class UsageViews {

    private UsageViews() {
    }

    static ObjectNode record(UsageRecord record) {
        ObjectNode node = Json.object();
        node.put("request_id", record.requestId());
        node.put("client_request_id", record.caller().clientRequestId());
        node.put("time", record.time().toString());
        node.put("api_key_id", record.caller().apiKeyId());
        node.put("user_id", record.caller().userId());
        node.put("session_id", record.caller().sessionId());
        ArrayNode tags = node.putArray("tags");
        record.caller().tags().forEach(tags::add);
        UsageRecord.Served served = record.served();
        node.put("requested_model", served.requestedModel());
        node.put("model", served.model());
        node.put("platform", served.platform());
        node.put("provider", served.provider());
        node.put("route", served.route());
        node.put("attempts", served.attempts());
        node.put("stream", served.stream());
        node.put("status", record.outcome().status().wire());
        node.put("http_status", record.outcome().httpStatus());
        node.put("error_type", record.outcome().errorType());
        node.set("tokens", tokens(record.tokens()));
        node.set("cost", cost(record.cost()));
        node.put("latency_ms", record.timings().latencyMs());
        node.put("time_to_first_token_ms", record.timings().timeToFirstTokenMs());
        node.put("overhead_ms", record.timings().overheadMs());
        node.put("cache_hit", record.cache().hit());
        node.put("cost_saved_by_cache", record.cache().costSaved());
        node.put("most_expensive_route_cost", record.mostExpensiveRouteCost());
        return node;
    }

    static ObjectNode tokens(Usage usage) {
        return Json.object().put("input", usage.input()).put("output", usage.output())
                .put("cache_read", usage.cacheRead()).put("cache_write", usage.cacheWrite())
                .put("reasoning", usage.reasoning()).put("total", usage.total());
    }

    static ObjectNode cost(Cost cost) {
        return Json.object().put("input", cost.input()).put("output", cost.output()).put("cache", cost.cache())
                .put("total", cost.total()).put("currency", cost.currency())
                .put("catalog_version", cost.catalogVersion());
    }

    static ObjectNode report(UsageReport report) {
        ObjectNode node = Json.object();
        node.put("from", report.from().toString());
        node.put("to", report.to().toString());
        UsageReport.Totals totals = report.totals();
        UsageReport.Tokens tokens = totals.tokens();
        node.putObject("totals")
                .put("requests", totals.requests())
                .put("errors", totals.errors())
                .put("input_tokens", tokens.input())
                .put("output_tokens", tokens.output())
                .put("cache_read_tokens", tokens.cacheRead())
                .put("cache_write_tokens", tokens.cacheWrite())
                .put("reasoning_tokens", tokens.reasoning())
                .put("total_tokens", tokens.total())
                .put("cost", totals.cost())
                .put("unpriced_requests", totals.unpricedRequests())
                .put("cache_hits", totals.cacheHits())
                .put("cache_hit_rate", totals.cacheHitRate());
        node.set("by_model", groups(report.byModel(), "model"));
        node.set("by_platform", groups(report.byPlatform(), "platform"));
        node.set("by_user", groups(report.byUser(), "user_id"));
        ArrayNode daily = node.putArray("daily");
        for (UsageReport.Day day : report.daily()) {
            daily.addObject().put("date", day.date().toString()).put("requests", day.requests())
                    .put("tokens", day.tokens()).put("cost", day.cost());
        }
        node.putObject("cache_savings").put("cache_hits", report.cache().hits())
                .put("cost_saved", report.cache().costSaved());
        UsageReport.RoutingSavings routing = report.routing();
        node.putObject("routing_savings").put("requests", routing.requests())
                .put("most_expensive_route_cost", routing.mostExpensiveCost())
                .put("actual_cost", routing.actualCost())
                .put("saved", routing.saved());
        return node;
    }

    static ObjectNode estimates(String model, Resolution resolution, List<RouteEstimate> estimates,
                                String catalogVersion) {
        ObjectNode node = Json.object();
        node.put("model", model);
        node.put("model_migrated", resolution.migration());
        ArrayNode warnings = node.putArray("warnings");
        resolution.warnings().forEach(warnings::add);
        node.put("catalog_version", catalogVersion);
        node.put("prompt_tokens", estimates.isEmpty() ? 0 : estimates.getFirst().promptTokens());
        ArrayNode routes = node.putArray("routes");
        for (RouteEstimate estimate : estimates) {
            Cost cost = estimate.cost();
            ObjectNode route = routes.addObject();
            route.put("route", estimate.option().key());
            route.put("platform", estimate.option().route().platform());
            route.put("model", estimate.option().model() == null ? null : estimate.option().model().id());
            route.put("prompt_tokens", estimate.promptTokens());
            route.put("output_tokens", estimate.outputTokens());
            route.put("output_tokens_basis", estimate.outputBasis().name().toLowerCase(Locale.ROOT));
            route.set("cost", cost.known() ? cost(cost) : null);
        }
        return node;
    }

    private static ArrayNode groups(List<UsageReport.Group> groups, String keyName) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (UsageReport.Group group : groups) {
            list.addObject().put(keyName, group.key()).put("requests", group.requests())
                    .put("input_tokens", group.inputTokens()).put("output_tokens", group.outputTokens())
                    .put("cost", group.cost());
        }
        return list;
    }
}
