package dev.llmgate.usage;

/**
 * The expected cost of a request on one route, before sending it: prompt tokens counted, output tokens as
 * {@code outputBasis} says. {@code cost} is unknown when the route's model has no price.
 */
public record RouteEstimate(RouteOption option, long promptTokens, long outputTokens, OutputBasis outputBasis,
                            Cost cost) {

    /** Where the output token count came from. */
    public enum OutputBasis {
        /** The request's {@code max_tokens} (clamped to the model's limit): an upper bound the answer cannot pass. */
        MAX_TOKENS,
        /** The median output of the model's latest answers through this gateway. */
        RECENT_MEDIAN,
        /** {@link CostEstimator#DEFAULT_TYPICAL_OUTPUT}, at most the model's output limit: too few answers yet. */
        DEFAULT
    }
}
