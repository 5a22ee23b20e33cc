package dev.llmgate.cache;

/**
 * A backend's totals (the seed's {@code Schema__Cache_Index}): the entries and bytes stored now, and the hits
 * and savings since the cache was last purged (entries that expired since still count).
 */
public record CacheTotals(long entries, long sizeBytes, long hits, EntryView.Saved saved) {}
