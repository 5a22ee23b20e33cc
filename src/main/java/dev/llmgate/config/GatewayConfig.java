package dev.llmgate.config;

import java.util.List;

/**
 * Everything the gateway is configured with, one component per section of the YAML file. Every section
 * may be left out and takes its defaults; change one with the {@code with…} methods.
 */
public record GatewayConfig(ServerConfig server, UpstreamConfig upstream, List<PlatformConfig> platforms,
                            String dataDir, RouterConfig router, DatabaseConfig database, UsageConfig usage,
                            CacheConfig cache, RedisConfig redis) {

    public static final GatewayConfig DEFAULT = new GatewayConfig(null, null, null, null, null, null, null, null, null);

    public GatewayConfig {
        server = server == null ? ServerConfig.DEFAULT : server.withDefaults();
        upstream = upstream == null ? UpstreamConfig.DEFAULT : upstream.withDefaults();
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        dataDir = dataDir == null ? "data" : dataDir;
        router = router == null ? RouterConfig.DEFAULT : router;
        database = database == null ? DatabaseConfig.DEFAULT : database;
        usage = usage == null ? UsageConfig.DEFAULT : usage;
        cache = cache == null ? CacheConfig.DEFAULT : cache;
        redis = redis == null ? RedisConfig.DEFAULT : redis;
    }

    public GatewayConfig withServer(ServerConfig value) {
        return new GatewayConfig(value, upstream, platforms, dataDir, router, database, usage, cache, redis);
    }

    public GatewayConfig withDataDir(String value) {
        return new GatewayConfig(server, upstream, platforms, value, router, database, usage, cache, redis);
    }

    public GatewayConfig withDatabase(DatabaseConfig value) {
        return new GatewayConfig(server, upstream, platforms, dataDir, router, value, usage, cache, redis);
    }

    public GatewayConfig withCache(CacheConfig value) {
        return new GatewayConfig(server, upstream, platforms, dataDir, router, database, usage, value, redis);
    }

    public GatewayConfig withRedis(RedisConfig value) {
        return new GatewayConfig(server, upstream, platforms, dataDir, router, database, usage, cache, value);
    }
}
