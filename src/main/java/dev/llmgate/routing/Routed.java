package dev.llmgate.routing;

/** What the router got, from which candidate, after how many attempts, and how the request resolved. */
public record Routed<T>(T value, Candidate served, int attempts, Resolution resolution) {}
