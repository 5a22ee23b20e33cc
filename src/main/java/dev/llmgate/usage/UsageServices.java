package dev.llmgate.usage;

import dev.llmgate.catalog.Registry;
import dev.llmgate.config.UsageConfig;
import dev.llmgate.observe.Metrics;
import dev.llmgate.store.Database;
import java.time.Clock;
import java.time.Duration;

/**
 * The usage feature as wired at start-up: the recorder the request flow hands records to (and the threads
 * that build those whose tokens must be counted), the calculator that prices them, and what the admin API
 * reads. {@link #close} writes every record; close the database after.
 */
public record UsageServices(UsageRecorder recorder, PendingRecords pending, CostCalculator calculator,
                            CostEstimator estimator, UsageStore store, UsageAnalytics analytics,
                            UsageRetention retention, Duration drainTimeout) implements AutoCloseable {

    /** Counting tokens is short CPU work; two threads keep it off the event loops without taking the machine. */
    private static final int COUNTING_THREADS = 2;

    public static UsageServices start(Database database, Registry registry, Metrics metrics, UsageConfig config) {
        UsageStore store = new UsageStore(database);
        CostCalculator calculator = new CostCalculator(registry, metrics);
        Duration keep = UsageRetention.period(config.retentionDays());
        UsageRetention retention = keep == null ? null
                : new UsageRetention(store, keep, Clock.systemUTC(), metrics).start();
        RecorderSettings settings = RecorderSettings.from(config);
        UsageRecorder recorder = UsageRecorder.start(store::insert, settings, metrics);
        return new UsageServices(recorder, new PendingRecords(recorder, COUNTING_THREADS, metrics), calculator,
                new CostEstimator(calculator, store::latestOutputTokens), store, new UsageAnalytics(database),
                retention, settings.drainTimeout());
    }

    /**
     * Finishes the records being built, writes every queued record, then stops the background work: within
     * {@code drainTimeout} in all (plus a write already under way).
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        if (retention != null) {
            retention.stop(); // a running delete finishes its batch; it must not hold the store during the drain
        }
        pending.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        recorder.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (retention != null) {
            retention.close();
        }
    }
}
