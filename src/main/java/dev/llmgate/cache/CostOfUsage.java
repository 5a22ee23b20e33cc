package dev.llmgate.cache;

import dev.llmgate.chat.Usage;

/**
 * The price of an answer's usage for a model, for the cost a cache hit saved. The usage package's cost
 * calculator is plugged in here at start-up; until then the cost is unknown (null) and only the saved
 * tokens are recorded.
 */
@FunctionalInterface
public interface CostOfUsage {

    CostOfUsage UNKNOWN = (model, usage) -> null;

    /** The cost in US dollars, or null when the model's price is not known. */
    Double cost(String model, Usage usage);
}
