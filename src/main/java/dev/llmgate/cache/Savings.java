package dev.llmgate.cache;

/** What one hit saved: the tokens the cached answer cost when it was made, and their price when known. */
public record Savings(long inputTokens, long outputTokens, Double cost) {}
