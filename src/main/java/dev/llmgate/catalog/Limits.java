package dev.llmgate.catalog;

/** How many tokens a model takes in one request (input and output together) and how many it may write. */
public record Limits(int contextWindow, int maxOutputTokens) {
}
