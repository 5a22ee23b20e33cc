package dev.llmgate.cli;

import dev.llmgate.api.GatewayServer;
import dev.llmgate.api.ChatFlow;
import dev.llmgate.api.admin.CacheApi;
import dev.llmgate.api.admin.RegistryApi;
import dev.llmgate.api.anthropic.CountTokensHandler;
import dev.llmgate.cache.CacheSettings;
import dev.llmgate.cache.Caching;
import dev.llmgate.cache.CostOfUsage;
import dev.llmgate.catalog.Registry;
import dev.llmgate.config.GatewayConfig;
import dev.llmgate.config.UpstreamConfig;
import dev.llmgate.provider.ProviderRegistry;
import dev.llmgate.provider.http.Timeouts;
import dev.llmgate.provider.http.UpstreamClient;
import dev.llmgate.routing.Router;
import dev.llmgate.routing.RouterSettings;
import java.util.random.RandomGenerator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The running gateway, wired once from its configuration: the one place that builds every part. */
public final class Gateway implements AutoCloseable {

    private final Vertx vertx;
    private final UpstreamClient upstreams;
    private final Caching caching;
    private final int port;

    private Gateway(Vertx vertx, UpstreamClient upstreams, Caching caching, int port) {
        this.vertx = vertx;
        this.upstreams = upstreams;
        this.caching = caching;
        this.port = port;
    }

    /** A gateway whose configuration is fixed (reloading re-applies the same one). */
    public static Future<Gateway> start(GatewayConfig config, Map<String, String> env) {
        return start(config, env, () -> config);
    }

    /** A gateway that re-reads its configuration from {@code source} on a reload. */
    public static Future<Gateway> start(GatewayConfig config, Map<String, String> env, Supplier<GatewayConfig> source) {
        int eventLoops = Math.max(1, Runtime.getRuntime().availableProcessors());
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true));
        try {
            UpstreamClient upstreams = new UpstreamClient(vertx, timeouts(config.upstream()),
                    config.upstream().connectionsPerHost());
            Registry registry = Registry.load(config, env);
            ProviderRegistry providers = ProviderRegistry.standard(upstreams, upstream -> registry.current().models()
                    .byRoute(upstream.platform(), upstream.model())
                    .map(model -> model.limits().maxOutputTokens())
                    .orElse(null));
            Router router = new Router(vertx, registry, providers,
                    RouterSettings.from(config.router()), RandomGenerator.getDefault());
            RegistryApi registryApi = new RegistryApi(vertx, registry, router, () -> {
                GatewayConfig fresh = source.get();
                RouterSettings settings = RouterSettings.from(fresh.router());
                registry.reload(fresh, env);
                router.reconfigure(settings);
            });
            CountTokensHandler countTokens = new CountTokensHandler(vertx, router, providers);
            // TODO(lead): once store.Database is on main, pass its DataSource (for cache.backend: sql) instead
            // of null, and the usage package's cost calculator instead of CostOfUsage.UNKNOWN (cost saved).
            Caching caching = Caching.open(CacheSettings.from(config.cache(), config.redis()), vertx, null,
                    CostOfUsage.UNKNOWN);
            GatewayServer server = new GatewayServer(config.server(), new ChatFlow(vertx, router, caching), registry,
                    List.of(registryApi, new CacheApi(caching),
                            web -> web.post("/v1/messages/count_tokens").handler(countTokens)));
            return server.start(vertx, eventLoops)
                    .map(port -> new Gateway(vertx, upstreams, caching, port))
                    .recover(e -> {
                        caching.close();
                        return vertx.close().transform(v -> Future.failedFuture(e));
                    });
        } catch (RuntimeException e) {
            vertx.close();
            return Future.failedFuture(e);
        }
    }

    public int port() {
        return port;
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        upstreams.close();
        caching.close();
        vertx.close().await();
    }

    private static Timeouts timeouts(UpstreamConfig upstream) {
        return new Timeouts(seconds(upstream.connectTimeout()), seconds(upstream.firstByteTimeout()),
                seconds(upstream.idleTimeout()), seconds(upstream.totalTimeout()));
    }

    private static Duration seconds(double value) {
        return Duration.ofMillis(Math.round(value * 1000));
    }
}
