package dev.llmgate.config;

/**
 * How the router orders, checks and retries routes. Null fields take the defaults in brackets:
 * <ul>
 * <li>{@code strategy}: priority | weighted | latency | cost [priority] — how routes of equal priority are ordered;</li>
 * <li>{@code retries}: retries of a retryable failure on the same route before the next route [2];</li>
 * <li>{@code cooldown}: after {@code failures} consecutive failures [3] a route is skipped {@code seconds} [30];</li>
 * <li>{@code max_retry_wait}: the longest wait, in seconds, a Retry-After may impose before moving on [10];</li>
 * <li>{@code drop_params}: drop parameters a model does not take (true) or reject the request (false) [true];</li>
 * <li>{@code max_tokens}: clamp | reject a max_tokens above the model's output limit [clamp];</li>
 * <li>{@code sunset}: migrate | reject a request for a sunset model that names a replacement [migrate].</li>
 * </ul>
 */
public record RouterConfig(String strategy, Integer retries, Cooldown cooldown, Double maxRetryWait,
                           Boolean dropParams, String maxTokens, String sunset) {

    public static final RouterConfig DEFAULT = new RouterConfig(null, null, null, null, null, null, null);

    /** After {@code failures} consecutive failures a route is skipped for {@code seconds}, then probed. */
    public record Cooldown(Integer failures, Double seconds) {}
}
