package dev.llmgate.config;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Everything the gateway is configured with, one component per section of the YAML file. Every section
 * may be left out and takes its defaults; change one with the {@code with…} methods. {@code models} stays
 * as written: the catalog reads it, with the same rules as its built-in file.
 */
public record GatewayConfig(ServerConfig server, UpstreamConfig upstream, List<PlatformConfig> platforms,
                            List<JsonNode> models, String dataDir, RouterConfig router, DatabaseConfig database,
                            UsageConfig usage, CacheConfig cache, RedisConfig redis) {

    public static final GatewayConfig DEFAULT =
            new GatewayConfig(null, null, null, null, null, null, null, null, null, null);

    public GatewayConfig {
        server = server == null ? ServerConfig.DEFAULT : server.withDefaults();
        upstream = upstream == null ? UpstreamConfig.DEFAULT : upstream.withDefaults();
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        models = models == null ? List.of() : List.copyOf(models);
        dataDir = dataDir == null ? "data" : dataDir;
        router = router == null ? RouterConfig.DEFAULT : router;
        database = database == null ? DatabaseConfig.DEFAULT : database;
        usage = usage == null ? UsageConfig.DEFAULT : usage;
        cache = cache == null ? CacheConfig.DEFAULT : cache;
        redis = redis == null ? RedisConfig.DEFAULT : redis;
    }

    public GatewayConfig withServer(ServerConfig value) {
        return new GatewayConfig(value, upstream, platforms, models, dataDir, router, database, usage, cache, redis);
    }

    public GatewayConfig withDataDir(String value) {
        return new GatewayConfig(server, upstream, platforms, models, value, router, database, usage, cache, redis);
    }

    public GatewayConfig withDatabase(DatabaseConfig value) {
        return new GatewayConfig(server, upstream, platforms, models, dataDir, router, value, usage, cache, redis);
    }

    public GatewayConfig withCache(CacheConfig value) {
        return new GatewayConfig(server, upstream, platforms, models, dataDir, router, database, usage, value, redis);
    }

    public GatewayConfig withRedis(RedisConfig value) {
        return new GatewayConfig(server, upstream, platforms, models, dataDir, router, database, usage, cache, value);
    }
}
