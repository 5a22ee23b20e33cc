package dev.llmgate.routing;

import java.time.Instant;

/**
 * What one route has done on this instance: requests, failures, moving averages of latency and time to first
 * token (the latency strategy reads these), last success and failure, and its cooldown state: after enough
 * consecutive failures it is skipped for a while, then one request probes it.
 */
public final class RouteStats {

    /** Weight of the newest observation in the moving averages. */
    private static final double ALPHA = 0.2;

    private long requests;
    private long failures;
    private int consecutiveFailures;
    private double latencyMs = Double.NaN;
    private double ttftMs = Double.NaN;
    private Instant lastSuccess;
    private Instant lastFailure;
    private long cooledUntilNanos;
    private long probingSinceNanos;

    /** A copy of the numbers, for the admin API. */
    public record View(long requests, long failures, double successRate, Double averageLatencyMs,
                       Double averageTtftMs, Instant lastSuccess, Instant lastFailure, boolean coolingDown) {}

    synchronized void success(long latencyNanos, long ttftNanos, Instant now) {
        requests++;
        consecutiveFailures = 0;
        cooledUntilNanos = 0;
        probingSinceNanos = 0;
        latencyMs = average(latencyMs, latencyNanos / 1e6);
        if (ttftNanos > 0) {
            ttftMs = average(ttftMs, ttftNanos / 1e6);
        }
        lastSuccess = now;
    }

    /**
     * Records a failure; after {@code threshold} in a row the route cools down until {@code untilNanos}.
     * Returns whether it is now cooling down (then it is not retried either).
     */
    synchronized boolean failure(Instant now, int threshold, long untilNanos) {
        requests++;
        failures++;
        consecutiveFailures++;
        lastFailure = now;
        if (probingSinceNanos != 0 || consecutiveFailures >= threshold) {
            cooledUntilNanos = untilNanos;
            probingSinceNanos = 0;
            return true;
        }
        return false;
    }

    /**
     * Claims the route for an attempt now: refused while cooling down; when the cooldown has passed, one
     * caller gets to probe it and the others are refused until the probe's outcome (a probe that never
     * reports back expires after {@code probeTimeoutNanos}).
     */
    synchronized boolean admits(long nowNanos, long probeTimeoutNanos) {
        if (blocked(nowNanos, probeTimeoutNanos)) {
            return false;
        }
        if (cooledUntilNanos != 0) {
            probingSinceNanos = nowNanos;
        }
        return true;
    }

    /** Whether an attempt now would be refused (without claiming the probe). */
    synchronized boolean blocked(long nowNanos, long probeTimeoutNanos) {
        return cooledUntilNanos != 0 && (nowNanos < cooledUntilNanos
                || probingSinceNanos != 0 && nowNanos - probingSinceNanos < probeTimeoutNanos);
    }

    /** When a blocked route may be tried again: its cooldown's end, or when an outstanding probe expires. */
    synchronized long blockedUntil(long probeTimeoutNanos) {
        return probingSinceNanos != 0 ? probingSinceNanos + probeTimeoutNanos : cooledUntilNanos;
    }

    synchronized double latencyScore() {
        if (Double.isNaN(latencyMs)) {
            return 0; // never measured: try it, so that it gets measured
        }
        return Double.isNaN(ttftMs) ? latencyMs : (latencyMs + ttftMs) / 2;
    }

    synchronized View view(long nowNanos) {
        return new View(requests, failures, requests == 0 ? 1.0 : (requests - failures) / (double) requests,
                Double.isNaN(latencyMs) ? null : latencyMs, Double.isNaN(ttftMs) ? null : ttftMs, lastSuccess,
                lastFailure, cooledUntilNanos != 0 && nowNanos < cooledUntilNanos);
    }

    private static double average(double current, double sample) {
        return Double.isNaN(current) ? sample : current + ALPHA * (sample - current);
    }
}
