package dev.llmgate.api;

/** A group of HTTP endpoints (an admin API) that adds its routes to the server's router. */
@FunctionalInterface
public interface Endpoints {
    void mount(io.vertx.ext.web.Router web);
}
