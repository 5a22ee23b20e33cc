package dev.llmgate.routing;

/**
 * What walking a request's routes took: the attempts made (retries included), the last candidate tried (null
 * when none was), and the time spent on upstreams — every attempt and every backoff wait between them — which
 * the gateway's own overhead excludes.
 */
public record Attempts(int count, Candidate last, long upstreamNanos) {

    public static final Attempts NONE = new Attempts(0, null, 0);
}
