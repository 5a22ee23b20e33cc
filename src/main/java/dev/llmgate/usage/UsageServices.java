package dev.llmgate.usage;

import dev.llmgate.catalog.Registry;
import dev.llmgate.config.UsageConfig;
import dev.llmgate.observe.Metrics;
import dev.llmgate.store.Database;
import java.time.Clock;
import java.time.Duration;

/**
 * The usage feature as wired at start-up: the recorder the request flow hands records to, the calculator
 * that prices them, and what the admin API reads. {@link #close} flushes the recorder; close the database after.
 */
public record UsageServices(UsageRecorder recorder, CostCalculator calculator, CostEstimator estimator,
                            UsageStore store, UsageAnalytics analytics, UsageRetention retention)
        implements AutoCloseable {

    public static UsageServices start(Database database, Registry registry, Metrics metrics, UsageConfig config) {
        UsageStore store = new UsageStore(database);
        CostCalculator calculator = new CostCalculator(registry, metrics);
        Duration keep = UsageRetention.period(config.retentionDays());
        UsageRetention retention = keep == null ? null
                : new UsageRetention(store, keep, Clock.systemUTC(), metrics).start();
        UsageRecorder recorder = UsageRecorder.start(store::insert, RecorderSettings.from(config), metrics);
        return new UsageServices(recorder, calculator, new CostEstimator(calculator), store,
                new UsageAnalytics(database), retention);
    }

    /** Writes every queued record, then stops the background work. */
    @Override
    public void close() {
        recorder.close();
        if (retention != null) {
            retention.close();
        }
    }
}
