package dev.llmgate.usage;

import dev.llmgate.config.ConfigLoader;
import dev.llmgate.config.ConfigLoader.ConfigException;
import dev.llmgate.config.UsageConfig;
import java.time.Duration;

/**
 * How the recorder batches: at most {@code queueCapacity} records wait to be written; beyond it records are
 * held and new requests wait for room, at most {@code maxWaiting} of both together (beyond that new requests
 * are refused). A batch holds up to {@code batchSize} and waits at most {@code flushInterval} to fill; a failed
 * write is retried after {@code retryBackoff}, doubling up to five seconds; at shutdown the records still
 * queued are given {@code drainTimeout} to be written before those left are reported lost.
 */
public record RecorderSettings(int queueCapacity, int maxWaiting, int batchSize, Duration flushInterval,
                               Duration retryBackoff, Duration drainTimeout) {

    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final int DEFAULT_MAX_WAITING = 10_000;
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final int DEFAULT_FLUSH_MILLIS = 200;
    /**
     * With the server's default shutdown grace (15 s) this keeps a stop under the 30 s a container usually
     * gets between SIGTERM and SIGKILL.
     */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

    public RecorderSettings {
        if (queueCapacity < 1 || batchSize < 1 || maxWaiting < 1) {
            throw new ConfigException("usage.queue_capacity, usage.max_waiting and usage.batch_size must be at"
                    + " least 1.");
        }
        if (drainTimeout.isNegative()) {
            throw new ConfigException("usage.drain_timeout must not be negative.");
        }
    }

    public static RecorderSettings from(UsageConfig config) {
        return new RecorderSettings(
                config.queueCapacity() != null ? config.queueCapacity() : DEFAULT_QUEUE_CAPACITY,
                config.maxWaiting() != null ? config.maxWaiting() : DEFAULT_MAX_WAITING,
                config.batchSize() != null ? config.batchSize() : DEFAULT_BATCH_SIZE,
                Duration.ofMillis(config.flushMillis() != null ? config.flushMillis() : DEFAULT_FLUSH_MILLIS),
                Duration.ofMillis(100),
                config.drainTimeout() != null ? ConfigLoader.seconds(config.drainTimeout())
                        : DEFAULT_DRAIN_TIMEOUT);
    }
}
