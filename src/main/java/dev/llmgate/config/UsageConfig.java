package dev.llmgate.config;

/**
 * Usage records: how long they are kept, and how the recorder batches them off the response path. Null
 * fields take the recorder's defaults: {@code queue_capacity} records queued [10000]; {@code max_waiting}
 * records and requests waiting beyond it before new requests are refused [10000]; {@code batch_size}
 * [500]; {@code flush_millis} [200]; {@code drain_timeout}, seconds given at shutdown to write what is
 * queued [10].
 */
public record UsageConfig(Integer retentionDays, Integer queueCapacity, Integer maxWaiting, Integer batchSize,
                          Integer flushMillis, Double drainTimeout) {

    public static final UsageConfig DEFAULT = new UsageConfig(null, null, null, null, null, null);
}
