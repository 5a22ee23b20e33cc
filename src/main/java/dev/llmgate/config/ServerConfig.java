package dev.llmgate.config;

/** The HTTP listener: address, port, and the largest request body accepted. */
public record ServerConfig(String host, Integer port, Long maxBodyBytes) {

    public static final ServerConfig DEFAULT = new ServerConfig("0.0.0.0", 4000, 25L * 1024 * 1024);

    public ServerConfig withDefaults() {
        return new ServerConfig(host != null ? host : DEFAULT.host, port != null ? port : DEFAULT.port,
                maxBodyBytes != null ? maxBodyBytes : DEFAULT.maxBodyBytes);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(host, value, maxBodyBytes);
    }
}
