package dev.llmgate.api;

import dev.llmgate.catalog.Registry;
import dev.llmgate.chat.Json;
import dev.llmgate.store.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /health} (the process answers) and {@code GET /health/ready} (it can serve requests: the store,
 * where every answer's usage record goes, is reachable; 503 when it is not).
 */
public final class HealthHandler implements Endpoints {

    /** How long readiness waits for the store; a store slower than this is not ready. */
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final Registry registry;
    private final Database store;

    public HealthHandler(Vertx vertx, Registry registry, Database store) {
        this.vertx = vertx;
        this.registry = registry;
        this.store = store;
    }

    @Override
    public void mount(io.vertx.ext.web.Router web) {
        StoreProbe probe = new StoreProbe(); // one per listener: its routes are built and served on one event loop
        web.get("/health").handler(this::live);
        web.get("/health/ready").handler(ctx -> ready(ctx, probe));
    }

    private void live(RoutingContext ctx) {
        send(ctx, 200, Json.object().put("status", "ok"));
    }

    private void ready(RoutingContext ctx, StoreProbe probe) {
        probe.reachable().timeout(STORE_TIMEOUT).onComplete(ar -> {
            boolean reachable = ar.succeeded() && ar.result();
            long configured = registry.current().platforms().all().stream().filter(p -> p.configured()).count();
            ObjectNode body = Json.object().put("status", reachable ? "ready" : "not_ready")
                    .put("platforms_configured", configured)
                    .put("store", reachable ? "reachable" : "unreachable");
            send(ctx, reachable ? 200 : 503, body);
        });
    }

    /**
     * Asks the store on a worker (a connection can block while the store is down), one question at a time:
     * checks that arrive while one is out share its answer, so a dead store holds at most one worker.
     */
    private final class StoreProbe {
        private Future<Boolean> inFlight;

        Future<Boolean> reachable() {
            if (inFlight == null || inFlight.isComplete()) {
                inFlight = vertx.executeBlocking(store::isReachable, false);
            }
            return inFlight;
        }
    }

    private static void send(RoutingContext ctx, int status, ObjectNode body) {
        Exchange.begin(ctx).stamp(ctx.response());
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(Buffer.buffer(Json.bytes(body)));
    }
}
