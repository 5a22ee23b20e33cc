package dev.llmgate.api;

import dev.llmgate.catalog.Registry;
import dev.llmgate.chat.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /health} (the process answers) and {@code GET /health/ready} (it can serve requests). */
public final class HealthHandler {

    private final Registry registry;

    public HealthHandler(Registry registry) {
        this.registry = registry;
    }

    public void live(RoutingContext ctx) {
        ObjectNode body = Json.object().put("status", "ok");
        send(ctx, 200, body);
    }

    public void ready(RoutingContext ctx) {
        long configured = registry.current().platforms().all().stream().filter(p -> p.configured()).count();
        ObjectNode body = Json.object().put("status", "ready").put("platforms_configured", configured);
        send(ctx, 200, body);
    }

    private static void send(RoutingContext ctx, int status, ObjectNode body) {
        Exchange.begin(ctx).stamp(ctx.response());
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(Buffer.buffer(Json.bytes(body)));
    }
}
