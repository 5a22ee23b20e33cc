package dev.llmgate.routing;

/** What routing a request came to: an answer from a route, or a failure after the attempts it made. */
public sealed interface Attempted<T> permits Routed, Attempted.Failed {

    Attempts attempts();

    Resolution resolution();

    /** No route answered: the error to return (the last one), and what was tried. */
    record Failed<T>(dev.llmgate.chat.GatewayException error, Attempts attempts, Resolution resolution)
            implements Attempted<T> {}
}
