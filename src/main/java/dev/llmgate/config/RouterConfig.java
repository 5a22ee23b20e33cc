package dev.llmgate.config;

/**
 * How the router orders and retries routes: the strategy (priority, weighted, latency, cost), retries per
 * route, and when a failing route cools down. Null fields take the router's defaults.
 */
public record RouterConfig(String strategy, Integer retries, Cooldown cooldown) {

    public static final RouterConfig DEFAULT = new RouterConfig(null, null, null);

    /** After {@code failures} consecutive failures a route is skipped for {@code seconds}, then probed. */
    public record Cooldown(Integer failures, Double seconds) {}
}
