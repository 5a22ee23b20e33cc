package dev.llmgate.usage;

import dev.llmgate.config.UsageConfig;
import java.time.Duration;

/**
 * How the recorder batches: at most {@code queueCapacity} records wait (beyond it callers wait), a batch
 * holds up to {@code batchSize} and waits at most {@code flushInterval} to fill; a failed write is retried
 * after {@code retryBackoff}, doubling up to five seconds; at shutdown a store that keeps failing is given
 * {@code drainTimeout} before the records still unwritten are reported lost.
 */
public record RecorderSettings(int queueCapacity, int batchSize, Duration flushInterval, Duration retryBackoff,
                               Duration drainTimeout) {

    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final int DEFAULT_FLUSH_MILLIS = 200;
    /** Below the usual 30 s a container gets between SIGTERM and SIGKILL. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(20);

    public RecorderSettings {
        if (queueCapacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("usage queue_capacity and batch_size must be at least 1");
        }
    }

    public static RecorderSettings from(UsageConfig config) {
        return new RecorderSettings(
                config.queueCapacity() != null ? config.queueCapacity() : DEFAULT_QUEUE_CAPACITY,
                config.batchSize() != null ? config.batchSize() : DEFAULT_BATCH_SIZE,
                Duration.ofMillis(config.flushMillis() != null ? config.flushMillis() : DEFAULT_FLUSH_MILLIS),
                Duration.ofMillis(100), DEFAULT_DRAIN_TIMEOUT);
    }
}
