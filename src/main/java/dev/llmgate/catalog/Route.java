package dev.llmgate.catalog;

/**
 * One way to reach a model: the platform that serves it and the name that platform gives it. Lower
 * {@code priority} is tried first; {@code weight} splits traffic between routes of equal priority.
 */
public record Route(String platform, String modelString, int priority, int weight, boolean enabled) {
}
