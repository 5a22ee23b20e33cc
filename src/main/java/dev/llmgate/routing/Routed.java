package dev.llmgate.routing;

import dev.llmgate.provider.Upstream;

/** What the router got, from which upstream, after how many attempts. */
public record Routed<T>(T value, Upstream upstream, int attempts) {}
