package dev.llmgate.usage;

import dev.llmgate.observe.Metrics;
import io.micrometer.core.instrument.Counter;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes usage records older than the retention period (whole UTC days: a record is kept at least
 * {@code retention_days}), a bounded batch per statement so that no
 * transaction holds the table (or SQLite's single write lock) for long and no row is ever loaded. Runs
 * shortly after start and then hourly on its own thread.
 */
public final class UsageRetention implements AutoCloseable {

    public static final int DEFAULT_DAYS = 90;
    static final int BATCH = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(UsageRetention.class);
    private static final Duration FIRST_RUN = Duration.ofMinutes(1);
    private static final Duration INTERVAL = Duration.ofHours(1);

    private final UsageStore store;
    private final Duration keep;
    private final Clock clock;
    private final Counter deleted;
    private ScheduledExecutorService schedule;
    private volatile boolean stopping;

    public UsageRetention(UsageStore store, Duration keep, Clock clock, Metrics metrics) {
        this.store = store;
        this.keep = keep;
        this.clock = clock;
        this.deleted = metrics.counter("llmgate.usage.records.expired",
                "Usage records deleted because they were older than usage.retention_days");
    }

    /** {@code retention_days} as a period; null takes the default, zero or less keeps records forever (null). */
    public static Duration period(Integer retentionDays) {
        int days = retentionDays == null ? DEFAULT_DAYS : retentionDays;
        return days <= 0 ? null : Duration.ofDays(days);
    }

    /** Runs {@link #deleteExpired} periodically until {@link #close}. */
    public UsageRetention start() {
        schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "llmgate-usage-retention");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(this::runQuietly, FIRST_RUN.toMillis(), INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Deletes every record from before the UTC day that began the period, batch by batch, then those days'
     * sums (so the analytics and the records agree); returns how many records went.
     */
    public long deleteExpired() throws SQLException {
        return deleteExpired(BATCH);
    }

    /** {@link #deleteExpired()} with batches of {@code batch} records (tests use small ones). */
    long deleteExpired(int batch) throws SQLException {
        Instant cutoff = clock.instant().minus(keep).truncatedTo(ChronoUnit.DAYS);
        long total = 0;
        int count;
        do {
            count = store.deleteOlderThan(cutoff, batch);
            total += count;
            deleted.increment(count);
        } while (count == batch && !stopping);
        if (!stopping) {
            store.deleteDailySumsBefore(cutoff);
        }
        if (total > 0) {
            LOG.info("usage retention: deleted {} records from before {}", total, cutoff);
        }
        return total;
    }

    /** Asks a running deletion to stop after its current batch; {@link #close} then waits for it. */
    public void stop() {
        stopping = true;
    }

    /** Stops the schedule, letting a running batch finish (the store closes after this). */
    @Override
    public void close() {
        stopping = true;
        if (schedule == null) {
            return;
        }
        schedule.shutdown();
        try {
            if (!schedule.awaitTermination(2, TimeUnit.SECONDS)) {
                schedule.shutdownNow();
            }
        } catch (InterruptedException e) {
            schedule.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void runQuietly() {
        try {
            deleteExpired();
        } catch (SQLException | RuntimeException e) {
            // the next run tries again; a scheduled task that throws would never run again
            LOG.warn("usage retention failed; it runs again in {}", INTERVAL, e);
        }
    }
}
