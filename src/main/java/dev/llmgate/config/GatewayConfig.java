package dev.llmgate.config;

import java.util.List;

/** Everything the gateway is configured with, from the YAML file and the environment. */
public record GatewayConfig(ServerConfig server, UpstreamConfig upstream, List<PlatformConfig> platforms) {

    public static final GatewayConfig DEFAULT = new GatewayConfig(ServerConfig.DEFAULT, UpstreamConfig.DEFAULT, List.of());

    public GatewayConfig {
        server = server == null ? ServerConfig.DEFAULT : server.withDefaults();
        upstream = upstream == null ? UpstreamConfig.DEFAULT : upstream.withDefaults();
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }

    public GatewayConfig withServer(ServerConfig value) {
        return new GatewayConfig(value, upstream, platforms);
    }
}
