package dev.llmgate.api.admin;

import dev.llmgate.api.Endpoints;
import dev.llmgate.api.Exchange;
import dev.llmgate.api.openai.OpenAiErrorRenderer;
import dev.llmgate.cache.BackendHealth;
import dev.llmgate.cache.CacheKey;
import dev.llmgate.cache.CacheTotals;
import dev.llmgate.cache.Caching;
import dev.llmgate.cache.EntryPage;
import dev.llmgate.cache.EntryView;
import dev.llmgate.cache.ResponseCache;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/cache}: the response cache's statistics (what is stored, hits and savings, this instance's
 * lookups, whether the backend is reachable), its entries page by page, and removal of one entry or all.
 */
public final class CacheApi implements Endpoints {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final Caching caching;

    public CacheApi(Caching caching) {
        this.caching = caching;
    }

    @Override
    public void mount(io.vertx.ext.web.Router web) {
        web.get("/api/cache/stats").handler(this::stats);
        web.get("/api/cache/entries").handler(this::entries);
        web.delete("/api/cache/entries/:id").handler(this::remove);
        web.delete("/api/cache").handler(this::purge);
    }

    private void stats(RoutingContext ctx) {
        ObjectNode body = Json.object();
        body.put("enabled", caching.enabled());
        body.put("backend", caching.settings().backend().configName());
        body.put("default_ttl_hours", caching.settings().defaultTtl().toMillis() / 3_600_000d);
        body.put("max_bytes", caching.settings().maxBytes());
        Caching.Activity activity = caching.activity();
        body.putObject("this_instance")
                .put("hits", activity.hits())
                .put("misses", activity.misses())
                .put("skips", activity.skips())
                .put("hit_rate", activity.hitRate())
                .put("stores", activity.stores())
                .put("store_failures", activity.storeFailures())
                .put("lookup_failures", activity.lookupFailures());
        ResponseCache backend = caching.backend();
        if (backend == null) {
            send(ctx, body);
            return;
        }
        body.set("backend_status", health(backend.health()));
        backend.totals().onComplete(ar -> {
            if (ar.succeeded()) {
                CacheTotals totals = ar.result();
                body.put("entries", totals.entries());
                body.put("size_bytes", totals.sizeBytes());
                body.put("hits", totals.hits());
                body.set("saved", saved(totals.saved()));
            } else {
                body.putNull("entries");
                body.put("totals_error", String.valueOf(ar.cause().getMessage()));
            }
            body.set("backend_status", health(backend.health()));
            send(ctx, body);
        });
    }

    private void entries(RoutingContext ctx) {
        int offset;
        int limit;
        try {
            offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            limit = intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        } catch (GatewayException e) {
            fail(ctx, e);
            return;
        }
        ResponseCache backend = caching.backend();
        Future<EntryPage> page = backend == null ? Future.succeededFuture(new EntryPage(java.util.List.of(), 0))
                : backend.entries(offset, limit);
        page.onComplete(ar -> {
            if (ar.failed()) {
                fail(ctx, unavailable(ar.cause()));
                return;
            }
            ObjectNode body = Json.object();
            ArrayNode list = body.putArray("entries");
            ar.result().entries().forEach(entry -> list.add(entry(entry)));
            body.put("total", ar.result().total()).put("offset", offset).put("limit", limit);
            send(ctx, body);
        });
    }

    private void remove(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ResponseCache backend = caching.backend();
        if (backend == null || !CacheKey.isKey(id)) {
            fail(ctx, notFound(id));
            return;
        }
        backend.remove(id).onComplete(ar -> {
            if (ar.failed()) {
                fail(ctx, unavailable(ar.cause()));
            } else if (!ar.result()) {
                fail(ctx, notFound(id));
            } else {
                send(ctx, Json.object().put("id", id).put("deleted", true));
            }
        });
    }

    private void purge(RoutingContext ctx) {
        ResponseCache backend = caching.backend();
        Future<Long> purged = backend == null ? Future.succeededFuture(0L) : backend.purge();
        purged.onComplete(ar -> {
            if (ar.failed()) {
                fail(ctx, unavailable(ar.cause()));
            } else {
                send(ctx, Json.object().put("purged", ar.result()));
            }
        });
    }

    private static ObjectNode entry(EntryView entry) {
        ObjectNode node = Json.object();
        node.put("id", entry.id());
        node.put("model", entry.model());
        node.put("created_at", time(entry.createdAt()));
        node.put("expires_at", time(entry.expiresAt()));
        node.put("size_bytes", entry.sizeBytes());
        node.put("compressed", entry.compressed());
        node.put("input_tokens", entry.inputTokens());
        node.put("output_tokens", entry.outputTokens());
        node.put("hits", entry.hits());
        node.put("last_hit_at", time(entry.lastHitAt()));
        node.set("saved", saved(entry.saved()));
        return node;
    }

    private static ObjectNode saved(EntryView.Saved saved) {
        ObjectNode node = Json.object().put("input_tokens", saved.inputTokens())
                .put("output_tokens", saved.outputTokens());
        if (saved.cost() == null) {
            node.putNull("cost");
        } else {
            node.put("cost", saved.cost());
        }
        return node;
    }

    private static ObjectNode health(BackendHealth.View view) {
        return Json.object().put("backend", view.backend()).put("available", view.available())
                .put("unavailable_since", time(view.unavailableSince())).put("outages", view.outages())
                .put("failed_operations", view.failedOperations()).put("last_error", view.lastError());
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw GatewayException.BadRequest.of("'" + name + "' must be a whole number from " + min + " to " + max
                + ", but it is '" + value + "'.", name);
    }

    private static GatewayException notFound(String id) {
        return new GatewayException.NotFound("No cache entry '" + id + "'.", "cache_entry_not_found", "id");
    }

    private static GatewayException unavailable(Throwable cause) {
        return new GatewayException.UpstreamError(503, "The cache backend could not be reached: "
                + cause.getMessage(), new GatewayException.UpstreamError.Details(null, "cache_unavailable", null, null));
    }

    private static void send(RoutingContext ctx, JsonNode body) {
        Exchange.begin(ctx).stamp(ctx.response());
        ctx.response().putHeader("content-type", "application/json").end(Buffer.buffer(Json.bytes(body)));
    }

    private static void fail(RoutingContext ctx, Throwable failure) {
        OpenAiErrorRenderer.send(ctx.response(), Exchange.begin(ctx), failure);
    }
}
