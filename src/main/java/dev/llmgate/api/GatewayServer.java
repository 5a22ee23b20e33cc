package dev.llmgate.api;

import dev.llmgate.api.anthropic.MessagesHandler;
import dev.llmgate.api.openai.ChatCompletionsHandler;
import dev.llmgate.api.openai.OpenAiErrorRenderer;
import dev.llmgate.catalog.Registry;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.config.ConfigLoader;
import dev.llmgate.config.ServerConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/** The HTTP edge: the routes, the body limit, and one listening server per event loop. */
public final class GatewayServer {

    private final ServerConfig config;
    private final ChatFlow flow;
    private final Registry registry;
    private final List<Endpoints> more;

    /** {@code more}: the endpoints beyond chat and models (health, Anthropic's token counting, admin APIs). */
    public GatewayServer(ServerConfig config, ChatFlow flow, Registry registry, List<Endpoints> more) {
        this.config = config;
        this.flow = flow;
        this.registry = registry;
        this.more = List.copyOf(more);
    }

    /** Listening: the port bound, and the deployment that stops the listeners. */
    public record Started(int port, String deployment) {}

    /** Starts {@code instances} listeners sharing the port. */
    public Future<Started> start(Vertx vertx, int instances) {
        int[] bound = new int[1];
        return vertx.deployVerticle(() -> new Listener(bound), new DeploymentOptions().setInstances(instances))
                .map(id -> new Started(bound[0], id));
    }

    io.vertx.ext.web.Router routes(Vertx vertx) {
        io.vertx.ext.web.Router web = io.vertx.ext.web.Router.router(vertx);
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxBodyBytes());
        web.post("/v1/chat/completions").handler(body).handler(new ChatCompletionsHandler(flow));
        web.post("/v1/messages").handler(body).handler(new MessagesHandler(flow));
        web.get("/v1/models").handler(new ModelsHandler(registry));
        web.route("/api/*").handler(body);
        web.route("/v1/messages/count_tokens").handler(body);
        more.forEach(endpoints -> endpoints.mount(web));
        // no catch-all route: the router itself tells an unknown path (404) from a known one with another method (405)
        web.errorHandler(404, ctx -> fail(ctx, new GatewayException.NotFound(
                "Unknown endpoint: " + ctx.request().method() + " " + ctx.request().path() + ".", "unknown_url", null)));
        web.errorHandler(405, ctx -> fail(ctx, new GatewayException.MethodNotAllowed(ctx.request().method().name(),
                ctx.request().path(), allowedMethods(web, ctx.request().path()))));
        web.errorHandler(413, ctx -> fail(ctx, new GatewayException.PayloadTooLarge(config.maxBodyBytes())));
        web.errorHandler(500, ctx -> fail(ctx, ctx.failure()));
        return web;
    }

    /** The methods the routes for {@code path} take, for a 405's {@code Allow} header ("GET, POST"). */
    static String allowedMethods(io.vertx.ext.web.Router web, String path) {
        java.util.Set<String> methods = new java.util.TreeSet<>();
        for (io.vertx.ext.web.Route route : web.getRoutes()) {
            if (route.methods() != null && route.getPath() != null && samePath(route.getPath(), path)) {
                route.methods().forEach(method -> methods.add(method.name()));
            }
        }
        return String.join(", ", methods);
    }

    /** Whether a route's path ({@code /api/cache/entries/:id}) names {@code path}. */
    private static boolean samePath(String routePath, String path) {
        String[] expected = routePath.split("/", -1);
        String[] actual = path.split("/", -1);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (!expected[i].startsWith(":") && !expected[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    /** An edge failure in the envelope of the protocol the path belongs to. */
    private static void fail(RoutingContext ctx, Throwable failure) {
        if (ctx.request().path().startsWith("/v1/messages")) {
            MessagesHandler.send(ctx.response(), Exchange.begin(ctx), failure);
        } else {
            OpenAiErrorRenderer.send(ctx.response(), Exchange.begin(ctx), failure);
        }
    }

    private final class Listener extends VerticleBase {
        private final int[] bound;
        private HttpServer server;

        Listener(int[] bound) {
            this.bound = bound;
        }

        @Override
        public Future<?> start() {
            HttpServerOptions options = new HttpServerOptions()
                    .setHost(config.host())
                    .setPort(config.port())
                    .setTcpNoDelay(true)
                    .setMaxHeaderSize(64 * 1024);
            server = vertx.createHttpServer(options).requestHandler(routes(vertx));
            return server.listen().onSuccess(s -> bound[0] = s.actualPort());
        }

        /** On shutdown (SIGTERM): stop accepting, let requests in flight finish, then close what is left. */
        @Override
        public Future<?> stop() {
            // how long requests in flight (streams included) may take to finish: server.shutdown_grace
            return server.shutdown(ConfigLoader.seconds(config.shutdownGrace()));
        }
    }
}
