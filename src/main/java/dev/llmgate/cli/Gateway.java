package dev.llmgate.cli;

import dev.llmgate.api.Accounting;
import dev.llmgate.api.ChatFlow;
import dev.llmgate.api.GatewayServer;
import dev.llmgate.api.HealthHandler;
import dev.llmgate.api.admin.CacheApi;
import dev.llmgate.api.admin.MetricsEndpoint;
import dev.llmgate.api.admin.RegistryApi;
import dev.llmgate.api.admin.RegistryChangesApi;
import dev.llmgate.api.admin.UsageApi;
import dev.llmgate.api.anthropic.CountTokensHandler;
import dev.llmgate.api.openai.ChatCompletionsHandler;
import dev.llmgate.cache.CacheSettings;
import dev.llmgate.cache.Caching;
import dev.llmgate.catalog.Registry;
import dev.llmgate.config.ConfigLoader;
import dev.llmgate.config.GatewayConfig;
import dev.llmgate.config.UpstreamConfig;
import dev.llmgate.observe.Metrics;
import dev.llmgate.provider.ProviderRegistry;
import dev.llmgate.provider.http.Timeouts;
import dev.llmgate.provider.http.UpstreamClient;
import dev.llmgate.routing.Router;
import dev.llmgate.routing.RouterSettings;
import dev.llmgate.store.Database;
import dev.llmgate.store.RegistryChanges;
import dev.llmgate.chat.Json;
import dev.llmgate.usage.UsageServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The running gateway, wired once from its configuration: the one place that builds every part. */
public final class Gateway implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Gateway.class);
    private static final Duration CHANGES_POLL = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final Services services;
    private final GatewayServer.Started server;

    private Gateway(Vertx vertx, Services services, GatewayServer.Started server) {
        this.vertx = vertx;
        this.services = services;
        this.server = server;
    }

    /** What lives beside the event loops and must be closed in order when the gateway stops. */
    private record Services(Caching caching, Database database, Metrics metrics, UsageServices usage) {
        void close() {
            caching.close();
            usage.close(); // writes every queued usage record before the store closes
            database.close();
        }
    }

    /** A gateway whose configuration is fixed (reloading re-applies the same one). */
    public static Future<Gateway> start(GatewayConfig config, Map<String, String> env) {
        return start(config, env, () -> config);
    }

    /** A gateway that re-reads its configuration from {@code source} on a reload. */
    public static Future<Gateway> start(GatewayConfig config, Map<String, String> env, Supplier<GatewayConfig> source) {
        int eventLoops = Math.max(1, Runtime.getRuntime().availableProcessors());
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true));
        Database database = null;
        try {
            UpstreamClient upstreams = new UpstreamClient(vertx, timeouts(config.upstream()),
                    config.upstream().connectionsPerHost());
            database = Database.open(config.database(), Path.of(config.dataDir()));
            RegistryChanges changes = new RegistryChanges(database);
            Registry registry = Registry.load(config, env, () -> changes.all().stream()
                    .map(change -> Json.MAPPER.readTree(change.entry())).toList());
            followChanges(vertx, registry, changes);
            Metrics metrics = new Metrics();
            UsageServices usage = UsageServices.start(database, registry, metrics, config.usage());
            Caching caching = Caching.open(CacheSettings.from(config.cache(), config.redis()), vertx,
                    database.dataSource(), metrics);
            Services services = new Services(caching, database, metrics, usage);

            ProviderRegistry providers = ProviderRegistry.standard(upstreams, upstream -> registry.current().models()
                    .byRoute(upstream.platform(), upstream.model())
                    .map(model -> model.limits().maxOutputTokens())
                    .orElse(null));
            Router router = new Router(vertx, registry, providers, RouterSettings.from(config.router()),
                    Router.Sources.system());
            RegistryApi registryApi = new RegistryApi(vertx, registry, router, () -> {
                GatewayConfig fresh = source.get();
                RouterSettings settings = RouterSettings.from(fresh.router());
                registry.reload(fresh, env);
                router.reconfigure(settings);
            });
            CountTokensHandler countTokens = new CountTokensHandler(vertx, router, providers);
            ChatFlow flow = new ChatFlow(vertx, router, caching, new Accounting(usage));
            GatewayServer server = new GatewayServer(config.server(), flow, registry, List.of(
                    new HealthHandler(vertx, registry, database),
                    web -> web.post("/v1/messages/count_tokens").handler(countTokens),
                    registryApi,
                    new RegistryChangesApi(vertx, registry, changes, Clock.systemUTC()),
                    new UsageApi(vertx, usage, router, ChatCompletionsHandler::decode),
                    new CacheApi(caching),
                    new MetricsEndpoint(metrics)));
            return server.start(vertx, eventLoops)
                    .map(started -> new Gateway(vertx, services, started))
                    .recover(e -> vertx.close().transform(v -> {
                        services.close();
                        return Future.failedFuture(e);
                    }));
        } catch (RuntimeException e) {
            vertx.close();
            if (database != null) {
                database.close();
            }
            return Future.failedFuture(e);
        }
    }

    public int port() {
        return server.port();
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The usage recorder, cost calculator and usage queries (for tests and embedders). */
    public UsageServices usage() {
        return services.usage();
    }

    public Metrics metrics() {
        return services.metrics();
    }

    /**
     * Stops serving (requests in flight finish, within {@code server.shutdown_grace}, and are recorded), then
     * writes every usage record — those still being counted too, which run on the usage feature's own threads
     * rather than Vert.x's, so closing Vert.x first loses none — within {@code usage.drain_timeout}, then
     * closes the store: the order that loses no record on SIGTERM.
     */
    @Override
    public void close() {
        // the listeners first, with the upstream client still open: requests in flight finish
        vertx.undeploy(server.deployment()).await();
        vertx.close().await();
        services.close();
    }

    /** Other instances change the registry too: every few seconds, apply what changed in the store. */
    private static void followChanges(Vertx vertx, Registry registry, RegistryChanges changes) {
        long[] seen = {changes.version()};
        vertx.setPeriodic(CHANGES_POLL.toMillis(), id -> vertx.executeBlocking(() -> {
            long now = changes.version();
            if (now != seen[0]) {
                registry.reload();
                seen[0] = now; // only once applied: a failed rebuild is tried again at the next poll
            }
            return null;
        }, true).onFailure(e -> LOG.warn("could not apply the registry changes: {}", e.getMessage())));
    }

    private static Timeouts timeouts(UpstreamConfig upstream) {
        return new Timeouts(ConfigLoader.seconds(upstream.connectTimeout()),
                ConfigLoader.seconds(upstream.firstByteTimeout()), ConfigLoader.seconds(upstream.idleTimeout()),
                ConfigLoader.seconds(upstream.totalTimeout()));
    }

}
