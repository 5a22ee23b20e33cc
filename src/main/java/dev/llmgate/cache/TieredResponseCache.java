package dev.llmgate.cache;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;

/**
 * Memory in front of Redis: a hit in this instance's memory costs no round trip; a miss there asks Redis,
 * and what Redis has is kept in memory too. Stores go to both. Redis is the shared truth for listing and
 * totals; while Redis is down, this instance keeps caching in memory alone.
 *
 * <p>Another instance's delete or purge reaches Redis, not this instance's memory: a copy kept in memory
 * lives at most {@link #FRONT_TTL}, which bounds how long such a removed answer may still be served here.
 */
public final class TieredResponseCache implements ResponseCache {

    static final Duration FRONT_TTL = Duration.ofMinutes(5);

    private final MemoryResponseCache front;
    private final ResponseCache back;
    private final Clock clock;

    public TieredResponseCache(MemoryResponseCache front, ResponseCache back, Clock clock) {
        this.front = front;
        this.back = back;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "memory+" + back.name();
    }

    @Override
    public Future<CacheEntry> get(String id) {
        CacheEntry near = front.live(id);
        if (near != null) {
            return Future.succeededFuture(near);
        }
        return back.get(id).map(far -> {
            if (far != null) {
                keepInFront(far);
            }
            return far;
        }).otherwise(failure -> null);
    }

    @Override
    public Future<Void> put(CacheEntry entry) {
        keepInFront(entry);
        return back.put(entry).otherwiseEmpty();
    }

    @Override
    public Future<Void> recordHit(String id, Savings saved) {
        front.recordHit(id, saved);
        return back.recordHit(id, saved).otherwiseEmpty();
    }

    @Override
    public Future<EntryPage> entries(int offset, int limit) {
        return back.entries(offset, limit).recover(failure -> front.entries(offset, limit));
    }

    @Override
    public Future<Boolean> remove(String id) {
        boolean near = front.live(id) != null;
        front.remove(id);
        return back.remove(id).map(far -> far || near).otherwise(near);
    }

    @Override
    public Future<Long> purge() {
        return front.purge().compose(near -> back.purge().otherwise(near));
    }

    @Override
    public Future<CacheTotals> totals() {
        return back.totals().recover(failure -> front.totals());
    }

    @Override
    public BackendHealth.View health() {
        return back.health();
    }

    @Override
    public void close() {
        front.close();
        back.close();
    }

    /** The memory copy is kept until the entry expires, or for {@link #FRONT_TTL} if that is sooner. */
    private void keepInFront(CacheEntry entry) {
        front.keep(entry, clock.instant().plus(FRONT_TTL));
    }
}
