package dev.llmgate.api.admin;

import dev.llmgate.api.Endpoints;
import dev.llmgate.api.Exchange;
import dev.llmgate.api.openai.OpenAiErrorRenderer;
import dev.llmgate.catalog.Capability;
import dev.llmgate.catalog.Lifecycle;
import dev.llmgate.catalog.Model;
import dev.llmgate.catalog.ModelFilter;
import dev.llmgate.catalog.Platform;
import dev.llmgate.catalog.Provider;
import dev.llmgate.catalog.Registry;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.config.ConfigLoader;
import dev.llmgate.routing.Router;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/registry}: the platforms, providers, models and routes in force (routes with their live
 * statistics), and a reload of the configuration file (platforms, models, router settings) without a restart.
 */
public final class RegistryApi implements Endpoints {

    /** Re-reads the configuration and swaps the registry; throws a ConfigException when it is not usable. */
    @FunctionalInterface
    public interface Reloader {
        void reload();
    }

    private final Vertx vertx;
    private final Registry registry;
    private final Router router;
    private final Reloader reloader;

    public RegistryApi(Vertx vertx, Registry registry, Router router, Reloader reloader) {
        this.vertx = vertx;
        this.registry = registry;
        this.router = router;
        this.reloader = reloader;
    }

    @Override
    public void mount(io.vertx.ext.web.Router web) {
        web.get("/api/registry/platforms").handler(ctx -> send(ctx, platforms()));
        web.get("/api/registry/providers").handler(ctx -> send(ctx, providers()));
        web.get("/api/registry/models").handler(this::models);
        web.get("/api/registry/models/:id").handler(this::model);
        web.get("/api/registry/routes").handler(ctx -> send(ctx, Json.object().set("routes",
                RegistryViews.routes(registry.current(), router.statistics()))));
        web.post("/api/registry/reload").handler(this::reload);
    }

    private ObjectNode platforms() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (Platform platform : registry.current().platforms().all()) {
            list.add(RegistryViews.platform(platform));
        }
        return Json.object().set("platforms", list);
    }

    private ObjectNode providers() {
        Registry.Snapshot snapshot = registry.current();
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (Provider provider : snapshot.models().providers()) {
            long models = snapshot.models().all().stream().filter(m -> m.provider().equals(provider.id())).count();
            list.addObject().put("id", provider.id()).put("name", provider.name()).put("website", provider.website())
                    .put("models", models);
        }
        return Json.object().set("providers", list);
    }

    private void models(RoutingContext ctx) {
        ModelFilter filter = ModelFilter.any();
        try {
            String provider = ctx.queryParams().get("provider");
            if (provider != null) {
                filter = filter.withProvider(provider);
            }
            String capability = ctx.queryParams().get("capability");
            if (capability != null) {
                filter = filter.withCapability(Capability.valueOf(capability.toUpperCase(Locale.ROOT)));
            }
            String tag = ctx.queryParams().get("tag");
            if (tag != null) {
                filter = filter.withTag(tag);
            }
            String status = ctx.queryParams().get("status");
            if (status != null) {
                filter = filter.withStatus(Lifecycle.Status.valueOf(status.toUpperCase(Locale.ROOT)));
            }
        } catch (IllegalArgumentException e) {
            fail(ctx, GatewayException.BadRequest.of("Unknown filter value: " + e.getMessage()
                    + ". Capabilities: vision, tools, json_mode, json_schema, reasoning, streaming, system_messages,"
                    + " prompt_caching; statuses: active, beta, deprecated, sunset.", "capability"));
            return;
        }
        Registry.Snapshot snapshot = registry.current();
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (Model model : snapshot.models().filter(filter, router.today())) {
            list.add(RegistryViews.model(model, snapshot, router.today()));
        }
        send(ctx, Json.object().put("as_of", snapshot.models().asOf().toString()).set("models", list));
    }

    private void model(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Registry.Snapshot snapshot = registry.current();
        snapshot.models().find(id).ifPresentOrElse(model -> send(ctx, RegistryViews.model(model, snapshot,
                        router.today())),
                () -> fail(ctx, new GatewayException.NotFound("No model '" + id + "' in the catalog.",
                        "model_not_found", "id")));
    }

    private void reload(RoutingContext ctx) {
        vertx.executeBlocking(() -> {
            reloader.reload();
            return registry.current();
        }, false).onComplete(ar -> {
            if (ar.succeeded()) {
                send(ctx, Json.object().put("status", "reloaded")
                        .put("platforms", ar.result().platforms().all().size())
                        .put("models", ar.result().models().all().size()));
            } else if (ar.cause() instanceof ConfigLoader.ConfigException e) {
                fail(ctx, new GatewayException.BadRequest("The configuration was not reloaded: " + e.getMessage(),
                        null, "invalid_config"));
            } else {
                fail(ctx, ar.cause());
            }
        });
    }

    private static void send(RoutingContext ctx, JsonNode body) {
        Exchange.begin(ctx).stamp(ctx.response());
        ctx.response().putHeader("content-type", "application/json").end(Buffer.buffer(Json.bytes(body)));
    }

    private static void fail(RoutingContext ctx, Throwable failure) {
        OpenAiErrorRenderer.send(ctx.response(), Exchange.begin(ctx), failure);
    }
}
