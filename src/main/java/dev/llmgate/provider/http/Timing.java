package dev.llmgate.provider.http;

/** When an exchange's request went out, its first byte came back, and it ended ({@link System#nanoTime()}). */
public record Timing(long sentNanos, long firstByteNanos, long endNanos) {

    /** Time spent waiting on the upstream. */
    public long upstreamNanos() {
        return endNanos - sentNanos;
    }

    public long timeToFirstByteNanos() {
        return firstByteNanos - sentNanos;
    }
}
