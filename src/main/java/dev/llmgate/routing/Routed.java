package dev.llmgate.routing;

/** What the router got, after which attempts (the last one served it), and how the request resolved. */
public record Routed<T>(T value, Attempts attempts, Resolution resolution) implements Attempted<T> {

    /** The candidate that served. */
    public Candidate served() {
        return attempts.last();
    }
}
