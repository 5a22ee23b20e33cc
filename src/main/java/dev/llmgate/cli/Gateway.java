package dev.llmgate.cli;

import dev.llmgate.api.GatewayServer;
import dev.llmgate.api.ChatFlow;
import dev.llmgate.api.admin.MetricsEndpoint;
import dev.llmgate.api.admin.RegistryApi;
import dev.llmgate.api.admin.UsageApi;
import dev.llmgate.catalog.Registry;
import dev.llmgate.config.GatewayConfig;
import dev.llmgate.config.UpstreamConfig;
import dev.llmgate.observe.Metrics;
import dev.llmgate.provider.ProviderRegistry;
import dev.llmgate.provider.http.Timeouts;
import dev.llmgate.provider.http.UpstreamClient;
import dev.llmgate.routing.Router;
import dev.llmgate.routing.RouterSettings;
import dev.llmgate.store.Database;
import dev.llmgate.usage.UsageServices;
import java.util.random.RandomGenerator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The running gateway, wired once from its configuration: the one place that builds every part. */
public final class Gateway implements AutoCloseable {

    private final Vertx vertx;
    private final UpstreamClient upstreams;
    private final int port;
    private final Stores stores;

    private Gateway(Vertx vertx, UpstreamClient upstreams, int port, Stores stores) {
        this.vertx = vertx;
        this.upstreams = upstreams;
        this.port = port;
        this.stores = stores;
    }

    /** The store and what lives on it, opened before the server starts and closed after it stops. */
    private record Stores(Database database, Metrics metrics, UsageServices usage) {
        void close() {
            usage.close(); // first: writes every queued usage record
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
        Stores stores = null;
        try {
            UpstreamClient upstreams = new UpstreamClient(vertx, timeouts(config.upstream()),
                    config.upstream().connectionsPerHost());
            Registry registry = Registry.load(config, env);
            // usage, cost and analytics (issue 5): the store, the metrics, the recorder and their admin APIs
            Database database = Database.open(config.database(), Path.of(config.dataDir()));
            Metrics metrics = new Metrics();
            stores = new Stores(database, metrics, UsageServices.start(database, registry, metrics, config.usage()));
            Stores opened = stores;
            Router router = new Router(vertx, registry, ProviderRegistry.standard(upstreams),
                    RouterSettings.from(config.router()), RandomGenerator.getDefault());
            RegistryApi registryApi = new RegistryApi(vertx, registry, router, () -> {
                GatewayConfig fresh = source.get();
                RouterSettings settings = RouterSettings.from(fresh.router());
                registry.reload(fresh, env);
                router.reconfigure(settings);
            });
            // lead: the estimate endpoint needs the OpenAI request decoder (OpenAiRequestCodec::fromWire), which
            // only api/openai may name (PackageRulesTest); pass it here once api/openai exposes one
            UsageApi usageApi = new UsageApi(vertx, opened.usage(), registry, null);
            GatewayServer server = new GatewayServer(config.server(), new ChatFlow(vertx, router), registry,
                    List.of(registryApi, usageApi, new MetricsEndpoint(metrics)));
            return server.start(vertx, eventLoops)
                    .map(port -> new Gateway(vertx, upstreams, port, opened))
                    .recover(e -> vertx.close().transform(v -> {
                        opened.close();
                        return Future.failedFuture(e);
                    }));
        } catch (RuntimeException e) {
            vertx.close();
            if (stores != null) {
                stores.close();
            }
            return Future.failedFuture(e);
        }
    }

    public int port() {
        return port;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The usage recorder, cost calculator and usage queries (for the request flow and tests). */
    public UsageServices usage() {
        return stores.usage();
    }

    public Metrics metrics() {
        return stores.metrics();
    }

    /**
     * Stops serving, then writes every queued usage record, then closes the store: the order that loses no
     * record on SIGTERM (the server stops first, so no request records after the recorder's last flush).
     */
    @Override
    public void close() {
        upstreams.close();
        vertx.close().await();
        stores.close();
    }

    private static Timeouts timeouts(UpstreamConfig upstream) {
        return new Timeouts(seconds(upstream.connectTimeout()), seconds(upstream.firstByteTimeout()),
                seconds(upstream.idleTimeout()), seconds(upstream.totalTimeout()));
    }

    private static Duration seconds(double value) {
        return Duration.ofMillis(Math.round(value * 1000));
    }
}
