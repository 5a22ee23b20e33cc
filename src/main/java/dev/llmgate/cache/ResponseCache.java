package dev.llmgate.cache;

import io.vertx.core.Future;

/**
 * Where cached answers live: in process, in the SQL store, in Redis, or memory in front of Redis. Every
 * operation is asynchronous and never blocks the calling event loop. A backend that cannot be reached
 * fails its futures quickly (and says so in {@link #health()}); the caller then serves uncached.
 */
public interface ResponseCache extends AutoCloseable {

    /** The backend's name as configured (memory, sql, redis, memory+redis). */
    String name();

    /** The entry under {@code id}, or null when there is none (or it has expired). */
    Future<CacheEntry> get(String id);

    /** Stores {@code entry}, replacing any entry under its id (statistics start again). */
    Future<Void> put(CacheEntry entry);

    /** Counts a hit on {@code id} and what it saved; best effort, off the response path. */
    Future<Void> recordHit(String id, Savings saved);

    /** A page of the entries, latest expiry first. */
    Future<EntryPage> entries(int offset, int limit);

    /** Removes one entry; completes with whether it existed. */
    Future<Boolean> remove(String id);

    /** Removes every entry and resets the totals; completes with the number of entries removed. */
    Future<Long> purge();

    Future<CacheTotals> totals();

    /** Whether a remote backend is reachable now; an in-process one always is. */
    BackendHealth.View health();

    @Override
    void close();
}
