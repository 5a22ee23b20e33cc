package dev.llmgate.catalog;

/**
 * One way to reach a model: the platform that serves it and the name that platform gives it. Lower
 * {@code priority} is tried first; {@code weight} splits traffic between routes of equal priority.
 * {@code pricing} is what this platform charges when it differs from the model's price (an open-weight model
 * costs what each host asks); null when the model's price applies.
 */
public record Route(String platform, String modelString, int priority, int weight, boolean enabled,
                    Pricing pricing) {

    public Route(String platform, String modelString, int priority, int weight, boolean enabled) {
        this(platform, modelString, priority, weight, enabled, null);
    }

    /** {@code platform/model_string}, as routes are named in statistics, records and headers. */
    public String key() {
        return platform + "/" + modelString;
    }
}
