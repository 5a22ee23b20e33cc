package dev.llmgate.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-process backend (the default): a Caffeine cache bounded by the total size of the stored answers
 * (a weigher counts each entry's bytes), evicting the least valuable entries first with Caffeine's
 * W-TinyLFU (how often and how recently an entry was used: better hit rates than plain LRU, which a burst of
 * one-off requests would flush), each entry expiring at its own time. Every operation completes at once on the
 * caller's thread.
 */
public final class MemoryResponseCache implements ResponseCache {

    /** Per-entry bookkeeping beyond the answer's bytes (id, timestamps, map node), roughly. */
    private static final int OVERHEAD_BYTES = 256;

    private final String name;
    private final Clock clock;
    private final Cache<String, Slot> slots;
    private final LongAdder hits = new LongAdder();
    private final AtomicReference<EntryView.Saved> saved = new AtomicReference<>(EntryView.Saved.NONE);

    public MemoryResponseCache(long maxBytes, Clock clock) {
        this("memory", maxBytes, clock);
    }

    MemoryResponseCache(String name, long maxBytes, Clock clock) {
        this.name = name;
        this.clock = clock;
        this.slots = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String id, Slot slot) -> slot.entry.sizeBytes() + OVERHEAD_BYTES)
                .expireAfter(new UntilExpiry())
                // eviction upkeep is cheap: run it on the calling thread rather than hop to a pool
                .executor(Runnable::run)
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Future<CacheEntry> get(String id) {
        return Future.succeededFuture(live(id));
    }

    /** The entry, or null; read straight from the map, for callers that do not need a future. */
    CacheEntry live(String id) {
        Slot slot = slots.getIfPresent(id);
        if (slot == null) {
            return null;
        }
        if (slot.isGone(clock.instant())) {
            slots.asMap().remove(id, slot);
            return null;
        }
        return slot.entry;
    }

    @Override
    public Future<Void> put(CacheEntry entry) {
        keep(entry, entry.expiresAt());
        return Future.succeededFuture();
    }

    /** Keeps {@code entry} here until {@code until} at the latest (a front tier's copy may leave early). */
    void keep(CacheEntry entry, Instant until) {
        Instant keepUntil = until.isBefore(entry.expiresAt()) ? until : entry.expiresAt();
        if (keepUntil.isAfter(clock.instant())) {
            slots.put(entry.id(), new Slot(entry, keepUntil));
        }
    }

    @Override
    public Future<Void> recordHit(String id, Savings saving) {
        Slot slot = slots.getIfPresent(id);
        if (slot != null) {
            slot.hit(clock.instant(), saving);
            hits.increment();
            saved.updateAndGet(s -> s.plus(saving));
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<EntryPage> entries(int offset, int limit) {
        Instant now = clock.instant();
        List<Slot> live = slots.asMap().values().stream()
                .filter(slot -> !slot.isGone(now))
                .sorted(Comparator.comparing((Slot slot) -> slot.entry.expiresAt()).reversed()
                        .thenComparing(slot -> slot.entry.id()))
                .toList();
        List<EntryView> page = live.stream().skip(offset).limit(limit).map(Slot::view).toList();
        return Future.succeededFuture(new EntryPage(page, live.size()));
    }

    @Override
    public Future<Boolean> remove(String id) {
        Slot removed = slots.asMap().remove(id);
        return Future.succeededFuture(removed != null && !removed.isGone(clock.instant()));
    }

    @Override
    public Future<Long> purge() {
        Instant now = clock.instant();
        long removed = slots.asMap().values().stream().filter(slot -> !slot.isGone(now)).count();
        slots.invalidateAll();
        hits.reset();
        saved.set(EntryView.Saved.NONE);
        return Future.succeededFuture(removed);
    }

    @Override
    public Future<CacheTotals> totals() {
        slots.cleanUp();
        Instant now = clock.instant();
        long entries = 0;
        long bytes = 0;
        for (Slot slot : slots.asMap().values()) {
            if (!slot.isGone(now)) {
                entries++;
                bytes += slot.entry.sizeBytes();
            }
        }
        return Future.succeededFuture(new CacheTotals(entries, bytes, hits.sum(), saved.get()));
    }

    @Override
    public BackendHealth.View health() {
        return BackendHealth.View.inProcess(name);
    }

    @Override
    public void close() {
        slots.invalidateAll();
    }

    /** An entry, how long it is kept here, and its hit statistics. */
    private static final class Slot {
        private final CacheEntry entry;
        private final Instant keepUntil;
        private long hits;
        private Instant lastHitAt;
        private EntryView.Saved saved = EntryView.Saved.NONE;

        Slot(CacheEntry entry, Instant keepUntil) {
            this.entry = entry;
            this.keepUntil = keepUntil;
        }

        boolean isGone(Instant now) {
            return !keepUntil.isAfter(now);
        }

        synchronized void hit(Instant at, Savings saving) {
            hits++;
            lastHitAt = at;
            saved = saved.plus(saving);
        }

        synchronized EntryView view() {
            return new EntryView(entry.id(), entry.model(), entry.createdAt(), entry.expiresAt(), entry.sizeBytes(),
                    entry.isCompressed(), entry.inputTokens(), entry.outputTokens(), hits, lastHitAt, saved);
        }
    }

    /**
     * Each entry is kept until its own time (its expiry, or earlier for a front tier's copy), measured from
     * the clock when stored; a read does not extend it. Reads also check the clock, so an injected clock
     * expires entries in tests.
     */
    private final class UntilExpiry implements Expiry<String, Slot> {
        @Override
        public long expireAfterCreate(String id, Slot slot, long currentTime) {
            return Math.max(0, Duration.between(clock.instant(), slot.keepUntil).toNanos());
        }

        @Override
        public long expireAfterUpdate(String id, Slot slot, long currentTime, long currentDuration) {
            return expireAfterCreate(id, slot, currentTime);
        }

        @Override
        public long expireAfterRead(String id, Slot slot, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
