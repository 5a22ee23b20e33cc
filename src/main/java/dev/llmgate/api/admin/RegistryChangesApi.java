package dev.llmgate.api.admin;

import dev.llmgate.api.Endpoints;
import dev.llmgate.api.Exchange;
import dev.llmgate.api.openai.OpenAiErrorRenderer;
import dev.llmgate.catalog.Registry;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.config.ConfigLoader;
import dev.llmgate.store.RegistryChanges;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Changes to the registry at run time, persisted in the store and applied without a restart (other
 * instances pick them up within seconds): add or change a model (the fields of a config-file model entry),
 * switch a model or a route off and on, add a route, change a route's priority, weight or price, undo a change.
 * A change that would make the registry unusable is refused with a 400 saying why, and nothing is kept. Edits
 * are serialised through the store, so concurrent ones never overwrite each other.
 */
public final class RegistryChangesApi implements Endpoints {

    private final Vertx vertx;
    private final Registry registry;
    private final RegistryChanges changes;
    private final Clock clock;

    public RegistryChangesApi(Vertx vertx, Registry registry, RegistryChanges changes, Clock clock) {
        this.vertx = vertx;
        this.registry = registry;
        this.changes = changes;
        this.clock = clock;
    }

    @Override
    public void mount(io.vertx.ext.web.Router web) {
        web.get("/api/registry/changes").handler(ctx -> blocking(ctx, this::list));
        web.put("/api/registry/models/:id").handler(ctx -> blocking(ctx, () -> change(ctx.pathParam("id"), body(ctx))));
        web.post("/api/registry/models/:id/disable").handler(ctx -> blocking(ctx,
                () -> change(ctx.pathParam("id"), Json.object().put("enabled", false))));
        web.post("/api/registry/models/:id/enable").handler(ctx -> blocking(ctx,
                () -> change(ctx.pathParam("id"), Json.object().put("enabled", true))));
        web.post("/api/registry/models/:id/routes").handler(ctx -> blocking(ctx,
                () -> addRoute(ctx.pathParam("id"), body(ctx))));
        web.patch("/api/registry/routes").handler(ctx -> blocking(ctx, () -> changeRoute(body(ctx))));
        web.delete("/api/registry/models/:id/changes").handler(ctx -> blocking(ctx, () -> undo(ctx.pathParam("id"))));
    }

    private JsonNode list() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (RegistryChanges.Change change : changes.all()) {
            list.addObject().put("model_id", change.modelId()).put("updated_at", change.updatedAt())
                    .set("entry", Json.MAPPER.readTree(change.entry()));
        }
        return Json.object().set("changes", list);
    }

    /** Lays {@code fields} over the model's stored change, checks the result, keeps it and applies it. */
    private JsonNode change(String id, ObjectNode fields) {
        return edit(id, stored -> {
            stored.setAll(fields);
            return stored;
        });
    }

    private JsonNode addRoute(String id, ObjectNode route) {
        return edit(id, stored -> {
            ArrayNode routes = routesOf(id, stored);
            routes.add(route);
            stored.set("routes", routes);
            return stored;
        });
    }

    /** Body: {model, platform, model_string} naming the route, and the fields to change (enabled, priority, weight). */
    private JsonNode changeRoute(ObjectNode body) {
        String model = text(body, "model");
        String platform = text(body, "platform");
        String modelString = text(body, "model_string");
        return edit(model, stored -> {
            ArrayNode routes = routesOf(model, stored);
            ObjectNode match = null;
            for (JsonNode route : routes) {
                if (platform.equals(route.path("platform").asString(null))
                        && modelString.equals(route.path("model_string").asString(null))) {
                    match = (ObjectNode) route;
                }
            }
            if (match == null) {
                throw new GatewayException.NotFound("The model '" + model + "' has no route " + platform + "/"
                        + modelString + ".", "route_not_found", "model_string");
            }
            for (String field : new String[] {"enabled", "priority", "weight", "pricing"}) {
                if (body.has(field)) {
                    match.set(field, body.get(field));
                }
            }
            stored.set("routes", routes);
            return stored;
        });
    }

    /**
     * Changes a model's stored entry: {@code change} edits the latest stored entry (read inside the store's
     * lock, so two edits at once, here or on another instance, both land), the result is checked, kept and
     * applied. Nothing is kept when the change is refused.
     */
    private JsonNode edit(String id, UnaryOperator<ObjectNode> change) {
        changes.update(id, stored -> {
            ObjectNode entry = change.apply(stored == null ? Json.object() : (ObjectNode) Json.MAPPER.readTree(stored));
            entry.put("id", id);
            try {
                registry.validate(entry);
            } catch (ConfigLoader.ConfigException e) {
                throw new GatewayException.BadRequest("The change was not made: " + e.getMessage(), null,
                        "invalid_change");
            }
            return Json.text(entry);
        }, clock.millis());
        registry.reload();
        return RegistryViews.model(registry.current().models().find(id).orElseThrow(), registry.current(),
                LocalDate.now(clock));
    }

    private JsonNode undo(String id) {
        if (!changes.remove(id)) {
            throw new GatewayException.NotFound("There is no change to the model '" + id + "'.", "change_not_found", "id");
        }
        registry.reload();
        return Json.object().put("model_id", id).put("undone", true);
    }

    /**
     * The routes in force for a model, as entries to edit: those of its stored change when it has its own
     * list, else those of the catalog and config file (an admin change replaces the list whole).
     */
    private ArrayNode routesOf(String id, ObjectNode stored) {
        if (stored.get("routes") instanceof ArrayNode own) {
            return own.deepCopy();
        }
        ObjectNode entry = registry.baseEntryOf(id).orElseThrow(() -> new GatewayException.NotFound(
                "No model '" + id + "' in the registry.", "model_not_found", "model"));
        JsonNode routes = entry.get("routes");
        return routes instanceof ArrayNode array ? array.deepCopy() : Json.MAPPER.createArrayNode();
    }

    private static String text(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isString()) {
            throw GatewayException.BadRequest.of("Missing required parameter: '" + field + "'.", field);
        }
        return value.stringValue();
    }

    private static ObjectNode body(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw new GatewayException.BadRequest("The request body is empty; send a JSON object.", null, "invalid_json");
        }
        return Json.parseObject(body.getBytes());
    }

    private void blocking(RoutingContext ctx, Callable<JsonNode> work) {
        vertx.executeBlocking(work, true).onComplete(ar -> {
            if (ar.succeeded()) {
                Exchange.begin(ctx).stamp(ctx.response());
                ctx.response().putHeader("content-type", "application/json")
                        .end(Buffer.buffer(Json.bytes(ar.result())));
            } else {
                OpenAiErrorRenderer.send(ctx.response(), Exchange.begin(ctx), ar.cause());
            }
        });
    }
}
