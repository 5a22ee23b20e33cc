package dev.llmgate.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MemoryResponseCacheTest extends ResponseCacheContract {

    @Override
    protected ResponseCache create(MutableClock clock) {
        return new MemoryResponseCache(1024 * 1024, clock);
    }

    @Test
    void theTotalSizeStaysWithinTheBound() {
        MemoryResponseCache small = new MemoryResponseCache(20_000, clock);
        for (int i = 0; i < 50; i++) {
            small.put(entry(randomId(), "x".repeat(1000), Duration.ofHours(1))).await();
        }

        CacheTotals totals = small.totals().await();
        assertThat(totals.entries()).isBetween(1L, 19L);
        assertThat(totals.sizeBytes()).isLessThanOrEqualTo(20_000);
    }

    @Test
    void anEntryAlreadyExpiredIsNotKept() {
        CacheEntry stale = entry(randomId(), "{}", Duration.ofMillis(1));
        clock.advance(Duration.ofMillis(1));
        cache.put(stale).await();

        assertThat(cache.totals().await().entries()).isZero();
    }
}
