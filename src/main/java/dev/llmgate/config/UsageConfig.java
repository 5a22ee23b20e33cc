package dev.llmgate.config;

/**
 * Usage records: how long they are kept, and how the recorder batches them off the response path. Null
 * fields take the recorder's defaults.
 */
public record UsageConfig(Integer retentionDays, Integer queueCapacity, Integer batchSize, Integer flushMillis) {

    public static final UsageConfig DEFAULT = new UsageConfig(null, null, null, null);
}
