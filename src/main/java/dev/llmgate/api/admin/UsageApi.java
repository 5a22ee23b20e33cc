package dev.llmgate.api.admin;

import dev.llmgate.api.Endpoints;
import dev.llmgate.api.Exchange;
import dev.llmgate.api.openai.OpenAiErrorRenderer;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.TokenCounter;
import dev.llmgate.routing.Resolution;
import dev.llmgate.routing.Router;
import dev.llmgate.usage.CostEstimator;
import dev.llmgate.usage.RouteOption;
import dev.llmgate.usage.UsageQuery;
import dev.llmgate.usage.UsageServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The usage log and what it adds up to: {@code GET /api/requests} (filtered, newest first, paged by offset or
 * cursor), {@code GET /api/requests/{request_id}}, {@code GET /api/analytics/usage}, and
 * {@code POST /api/cost/estimate} (an OpenAI chat request priced on each route the router would consider for
 * it, cheapest first). Database work runs on worker threads, never on the event loop.
 */
public final class UsageApi implements Endpoints {

    private static final Duration DEFAULT_REPORT_RANGE = Duration.ofDays(30);

    private final Vertx vertx;
    private final UsageServices usage;
    private final Router router;
    private final Function<ObjectNode, ChatRequest> decoder;

    /**
     * {@code router} resolves the estimate's request to the routes it could take; {@code decoder} reads the
     * estimate's body, an OpenAI chat request, with the inbound protocol's own codec; without one (null) the
     * estimate endpoint is not mounted.
     */
    public UsageApi(Vertx vertx, UsageServices usage, Router router, Function<ObjectNode, ChatRequest> decoder) {
        this.vertx = vertx;
        this.usage = usage;
        this.router = router;
        this.decoder = decoder;
    }

    @Override
    public void mount(io.vertx.ext.web.Router web) {
        web.get("/api/requests").handler(this::list);
        web.get("/api/requests/:id").handler(this::one);
        web.get("/api/analytics/usage").handler(this::analytics);
        if (decoder != null) {
            web.post("/api/cost/estimate").handler(this::estimate);
        }
    }

    private void list(RoutingContext ctx) {
        UsageQuery query;
        try {
            query = new UsageQuery(time(ctx, "from", false), time(ctx, "to", true), ctx.queryParams().get("model"),
                    ctx.queryParams().get("user"), ctx.queryParams().get("key"), ctx.queryParams().get("status"),
                    number(ctx, "limit", UsageQuery.DEFAULT_LIMIT, 1, UsageQuery.MAX_LIMIT),
                    number(ctx, "offset", 0, 0, Integer.MAX_VALUE), ctx.queryParams().get("cursor"));
        } catch (GatewayException e) {
            fail(ctx, e);
            return;
        }
        blocking(ctx, () -> {
            var page = usage.store().list(query);
            ObjectNode body = Json.object().put("object", "list");
            ArrayNode data = body.putArray("data");
            page.records().forEach(record -> data.add(UsageViews.record(record)));
            return body.put("has_more", page.nextCursor() != null).put("next_cursor", page.nextCursor());
        });
    }

    private void one(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        blocking(ctx, () -> usage.store().find(id).map(UsageViews::record).orElseThrow(() ->
                new GatewayException.NotFound("No request with id '" + id + "' is recorded (records are written"
                        + " within a second or so of the answer, and kept for usage.retention_days).",
                        "request_not_found", "id")));
    }

    private void analytics(RoutingContext ctx) {
        Instant from;
        Instant to;
        try {
            Instant given = time(ctx, "to", true);
            to = given != null ? given : Instant.now();
            Instant start = time(ctx, "from", false);
            from = start != null ? start : to.minus(DEFAULT_REPORT_RANGE);
            if (!from.isBefore(to)) {
                throw GatewayException.BadRequest.of("'from' must be before 'to'.", "from");
            }
        } catch (GatewayException e) {
            fail(ctx, e);
            return;
        }
        blocking(ctx, () -> UsageViews.report(usage.analytics().report(from, to)));
    }

    private void estimate(RoutingContext ctx) {
        ChatRequest request;
        try {
            Buffer body = ctx.body().buffer();
            if (body == null || body.length() == 0) {
                throw new GatewayException.BadRequest("Send the chat request to estimate as the JSON body"
                        + " (OpenAI's chat completions shape).", null, "invalid_json");
            }
            request = decoder.apply(Json.parseObject(body.getBytes()));
        } catch (GatewayException e) {
            fail(ctx, e);
            return;
        }
        // the router's own resolution (checks, narrowing, fallbacks, lifecycle, configured platforms): the
        // routes listed are those the same chat request could take, and a request it would refuse is refused
        // here the same way. Counting a large prompt's tokens is CPU work: off the event loop with the rest.
        blocking(ctx, () -> {
            Resolution resolution = router.resolve(request);
            long prompt = resolution.promptTokens() >= 0 ? resolution.promptTokens() : TokenCounter.prompt(request);
            List<CostEstimator.Candidate> candidates = resolution.candidates().stream()
                    .map(c -> new CostEstimator.Candidate(new RouteOption(c.route(), c.model()),
                            c.request().sampling() == null ? null : c.request().sampling().maxTokens()))
                    .toList();
            return UsageViews.estimates(request.model(), resolution, usage.estimator().estimate(prompt, candidates),
                    usage.calculator().catalogVersion());
        });
    }

    private <T extends JsonNode> void blocking(RoutingContext ctx, Callable<T> work) {
        vertx.executeBlocking(work, false).onComplete(ar -> {
            if (ar.succeeded()) {
                send(ctx, ar.result());
            } else if (ar.cause() instanceof IllegalArgumentException e) {
                fail(ctx, GatewayException.BadRequest.of(e.getMessage() + ".", null));
            } else {
                fail(ctx, ar.cause());
            }
        });
    }

    /**
     * A query time as ISO-8601 ({@code 2026-11-23T10:00:00Z}), a date ({@code 2026-11-23}: the start of that UTC
     * day, or for {@code to} its end, so that the day is included) or epoch milliseconds.
     */
    private static Instant time(RoutingContext ctx, String name, boolean end) {
        String value = ctx.queryParams().get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(value));
            }
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return (end ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw GatewayException.BadRequest.of("'" + name + "' must be an ISO-8601 time (2026-11-23T10:00:00Z),"
                    + " a date (2026-11-23) or epoch milliseconds, not '" + value + "'.", name);
        }
    }

    private static int number(RoutingContext ctx, String name, int fallback, int min, int max) {
        String value = ctx.queryParams().get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw GatewayException.BadRequest.of("'" + name + "' must be a whole number from " + min + " to " + max
                + ", not '" + value + "'.", name);
    }

    private static void send(RoutingContext ctx, JsonNode body) {
        Exchange.begin(ctx).stamp(ctx.response());
        ctx.response().putHeader("content-type", "application/json").end(Buffer.buffer(Json.bytes(body)));
    }

    private static void fail(RoutingContext ctx, Throwable failure) {
        OpenAiErrorRenderer.send(ctx.response(), Exchange.begin(ctx), failure);
    }
}
