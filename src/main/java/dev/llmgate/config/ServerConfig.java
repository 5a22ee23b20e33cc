package dev.llmgate.config;

/**
 * The HTTP listener: address, port, the largest request body accepted, and how long requests in flight
 * (streams included) may take to finish once the gateway is told to stop ({@code shutdown_grace}, seconds).
 */
public record ServerConfig(String host, Integer port, Long maxBodyBytes, Double shutdownGrace) {

    /**
     * The grace, with the usage drain's 10 s after it, keeps a stop under the 30 s a container usually gets
     * between SIGTERM and SIGKILL.
     */
    public static final ServerConfig DEFAULT = new ServerConfig("0.0.0.0", 4000, 25L * 1024 * 1024, 15.0);

    public ServerConfig withDefaults() {
        return new ServerConfig(host != null ? host : DEFAULT.host, port != null ? port : DEFAULT.port,
                maxBodyBytes != null ? maxBodyBytes : DEFAULT.maxBodyBytes,
                shutdownGrace != null ? shutdownGrace : DEFAULT.shutdownGrace);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(host, value, maxBodyBytes, shutdownGrace);
    }

    public ServerConfig withHost(String value) {
        return new ServerConfig(value, port, maxBodyBytes, shutdownGrace);
    }
}
