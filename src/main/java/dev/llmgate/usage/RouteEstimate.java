package dev.llmgate.usage;

/**
 * The expected cost of a request on one route, before sending it: prompt tokens counted, output tokens as
 * {@code outputBasis} says. {@code cost} is unknown when the route's model has no price.
 */
public record RouteEstimate(RouteOption option, long promptTokens, long outputTokens, OutputBasis outputBasis,
                            Cost cost) {

    /** Where the output token count came from. */
    public enum OutputBasis {
        /** The request's {@code max_tokens}: an upper bound the answer cannot pass. */
        MAX_TOKENS,
        /** The model's output limit, as the request set none: the most the answer can cost. */
        MODEL_MAX_OUTPUT,
        /** Neither is known (a model outside the catalog without {@code max_tokens}). */
        UNKNOWN
    }
}
