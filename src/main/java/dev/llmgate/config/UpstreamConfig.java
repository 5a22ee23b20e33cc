package dev.llmgate.config;

/**
 * How the gateway talks to upstreams: timeouts in seconds (to connect, to the first byte of an answer,
 * between two pieces of a stream, for the whole exchange) and pooled connections per upstream host.
 */
public record UpstreamConfig(Double connectTimeout, Double firstByteTimeout, Double idleTimeout,
                             Double totalTimeout, Integer connectionsPerHost) {

    public static final UpstreamConfig DEFAULT = new UpstreamConfig(10.0, 300.0, 120.0, 900.0, 512);

    public UpstreamConfig withDefaults() {
        return new UpstreamConfig(or(connectTimeout, DEFAULT.connectTimeout),
                or(firstByteTimeout, DEFAULT.firstByteTimeout), or(idleTimeout, DEFAULT.idleTimeout),
                or(totalTimeout, DEFAULT.totalTimeout), connectionsPerHost != null ? connectionsPerHost
                        : DEFAULT.connectionsPerHost);
    }

    private static Double or(Double value, Double fallback) {
        return value != null ? value : fallback;
    }
}
