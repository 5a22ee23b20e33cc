package dev.llmgate.chat;

/**
 * What the client asked of the model's reasoning: an effort level ("minimal", "low", "medium", "high"),
 * a token budget, or both; {@code exclude} asks for reasoning to be done but not returned.
 */
public record Reasoning(String effort, Integer budgetTokens, boolean exclude) {}
