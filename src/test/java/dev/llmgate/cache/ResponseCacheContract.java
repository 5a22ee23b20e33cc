package dev.llmgate.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Usage;
import dev.llmgate.testing.MutableClock;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every backend must do, run against each (memory, SQL on SQLite and PostgreSQL, Redis, memory in front
 * of Redis). Time is a {@link MutableClock} the backend reads, so expiry is tested without waiting.
 */
abstract class ResponseCacheContract {

    protected MutableClock clock;
    protected ResponseCache cache;

    /** A fresh, empty backend reading {@code clock}. */
    protected abstract ResponseCache create(MutableClock clock);

    @BeforeEach
    void open() {
        clock = MutableClock.startingNow();
        cache = create(clock);
    }

    @AfterEach
    void shut() {
        if (cache == null) {
            return; // the backend's service is missing and the test was skipped
        }
        cache.purge().await();
        cache.close();
    }

    static String randomId() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    CacheEntry entry(String id, String body, Duration ttl) {
        Instant now = clock.instant();
        return new CacheEntry(id, "model-a", body.getBytes(StandardCharsets.UTF_8), now, now.plus(ttl), 11, 22);
    }

    @Test
    void whatIsPutIsGot() {
        CacheEntry stored = entry(randomId(), "{\"answer\":1}", Duration.ofHours(1));
        cache.put(stored).await();

        CacheEntry got = cache.get(stored.id()).await();
        assertThat(got).isNotNull();
        assertThat(got.body()).isEqualTo(stored.body());
        assertThat(got.model()).isEqualTo("model-a");
        assertThat(got.createdAt()).isEqualTo(stored.createdAt());
        assertThat(got.expiresAt()).isEqualTo(stored.expiresAt());
        assertThat(got.inputTokens()).isEqualTo(11);
        assertThat(got.outputTokens()).isEqualTo(22);
    }

    @Test
    void binaryBodiesAreKeptByteForByte() {
        byte[] body = new byte[5000];
        ThreadLocalRandom.current().nextBytes(body);
        body[0] = 0x1f;
        body[1] = (byte) 0x8b;
        Instant now = clock.instant();
        CacheEntry stored = new CacheEntry(randomId(), "m", body, now, now.plus(Duration.ofHours(1)), 0, 0);
        cache.put(stored).await();

        assertThat(cache.get(stored.id()).await().body()).isEqualTo(body);
        assertThat(cache.entries(0, 10).await().entries().getFirst().compressed()).isTrue();
    }

    @Test
    void anAbsentEntryIsNull() {
        assertThat(cache.get(randomId()).await()).isNull();
    }

    @Test
    void anExpiredEntryIsNeitherServedNorCounted() {
        CacheEntry shortLived = entry(randomId(), "{}", Duration.ofMinutes(1));
        CacheEntry longLived = entry(randomId(), "{\"x\":1}", Duration.ofHours(2));
        cache.put(shortLived).await();
        cache.put(longLived).await();

        clock.advance(Duration.ofMinutes(1));

        assertThat(cache.get(shortLived.id()).await()).isNull();
        assertThat(cache.get(longLived.id()).await()).isNotNull();
        EntryPage page = cache.entries(0, 10).await();
        assertThat(page.total()).isEqualTo(1);
        assertThat(page.entries()).extracting(EntryView::id).containsExactly(longLived.id());
        CacheTotals totals = cache.totals().await();
        assertThat(totals.entries()).isEqualTo(1);
        assertThat(totals.sizeBytes()).isEqualTo(longLived.sizeBytes());
        assertThat(cache.remove(shortLived.id()).await()).isFalse();
    }

    @Test
    void hitsAndWhatTheySavedAreCountedPerEntryAndInAll() {
        CacheEntry stored = entry(randomId(), "{}", Duration.ofHours(1));
        cache.put(stored).await();

        cache.recordHit(stored.id(), new Savings(11, 22, null)).await();
        EntryView afterUnpriced = cache.entries(0, 1).await().entries().getFirst();
        assertThat(afterUnpriced.saved().cost()).isNull();
        assertThat(afterUnpriced.lastHitAt()).isEqualTo(clock.instant());

        cache.recordHit(stored.id(), new Savings(11, 22, 250_000_000L)).await();
        cache.recordHit(stored.id(), new Savings(11, 22, 500_000_000L)).await();

        EntryView view = cache.entries(0, 1).await().entries().getFirst();
        assertThat(view.hits()).isEqualTo(3);
        assertThat(view.saved().inputTokens()).isEqualTo(33);
        assertThat(view.saved().outputTokens()).isEqualTo(66);
        assertThat(view.saved().cost()).isEqualByComparingTo("0.75");
        CacheTotals totals = cache.totals().await();
        assertThat(totals.hits()).isEqualTo(3);
        assertThat(totals.saved()).isEqualTo(new EntryView.Saved(33, 66, 750_000_000L));
    }

    @Test
    void savedCostsAddUpExactlyOverManyHits() {
        CacheEntry stored = entry(randomId(), "{}", Duration.ofHours(1));
        cache.put(stored).await();

        // in binary floating point ten times 0.1 is not 1, and a cost of 14 input tokens at $0.15 per million
        // (0.0000021) is not representable at all: kept as whole nanos, both add up exactly
        for (int i = 0; i < 10; i++) {
            cache.recordHit(stored.id(), Savings.of(Usage.of(1, 1), new BigDecimal("0.1"))).await();
            cache.recordHit(stored.id(), Savings.of(Usage.of(14, 0), new BigDecimal("0.0000021"))).await();
        }

        BigDecimal expected = new BigDecimal("1.000021");
        assertThat(cache.entries(0, 1).await().entries().getFirst().saved().cost()).isEqualTo(expected);
        assertThat(cache.totals().await().saved().cost()).isEqualTo(expected);
    }

    @Test
    void aHitOnAnEntryThatIsGoneCountsNowhereInIt() {
        String id = randomId();
        cache.recordHit(id, new Savings(1, 2, null)).await();

        assertThat(cache.get(id).await()).isNull();
        assertThat(cache.entries(0, 10).await().total()).isZero();
        assertThat(cache.totals().await().hits()).isZero();
    }

    @Test
    void storingAgainReplacesTheEntryAndStartsItsStatisticsAgain() {
        String id = randomId();
        cache.put(entry(id, "{\"v\":1}", Duration.ofHours(1))).await();
        cache.recordHit(id, new Savings(1, 1, null)).await();
        cache.put(entry(id, "{\"v\":22}", Duration.ofHours(3))).await();

        assertThat(new String(cache.get(id).await().body(), StandardCharsets.UTF_8)).isEqualTo("{\"v\":22}");
        EntryView view = cache.entries(0, 10).await().entries().getFirst();
        assertThat(view.hits()).isZero();
        assertThat(view.sizeBytes()).isEqualTo(8);
        assertThat(cache.totals().await().sizeBytes()).isEqualTo(8);
        assertThat(cache.totals().await().entries()).isEqualTo(1);
    }

    @Test
    void entriesArePagedLatestExpiryFirst() {
        String[] ids = {randomId(), randomId(), randomId()};
        cache.put(entry(ids[0], "{}", Duration.ofHours(1))).await();
        cache.put(entry(ids[1], "{}", Duration.ofHours(3))).await();
        cache.put(entry(ids[2], "{}", Duration.ofHours(2))).await();

        EntryPage first = cache.entries(0, 2).await();
        EntryPage second = cache.entries(2, 2).await();

        assertThat(first.total()).isEqualTo(3);
        assertThat(first.entries()).extracting(EntryView::id).containsExactly(ids[1], ids[2]);
        assertThat(second.entries()).extracting(EntryView::id).containsExactly(ids[0]);
        EntryView view = first.entries().getFirst();
        assertThat(view.model()).isEqualTo("model-a");
        assertThat(view.sizeBytes()).isEqualTo(2);
        assertThat(view.inputTokens()).isEqualTo(11);
        assertThat(view.outputTokens()).isEqualTo(22);
        assertThat(view.compressed()).isFalse();
        assertThat(Duration.between(view.createdAt(), view.expiresAt())).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void oneEntryIsRemoved() {
        String kept = randomId();
        String removed = randomId();
        cache.put(entry(kept, "{\"k\":1}", Duration.ofHours(1))).await();
        cache.put(entry(removed, "{}", Duration.ofHours(1))).await();

        assertThat(cache.remove(removed).await()).isTrue();
        assertThat(cache.remove(removed).await()).isFalse();

        assertThat(cache.get(removed).await()).isNull();
        assertThat(cache.get(kept).await()).isNotNull();
        CacheTotals totals = cache.totals().await();
        assertThat(totals.entries()).isEqualTo(1);
        assertThat(totals.sizeBytes()).isEqualTo(7);
    }

    @Test
    void aPurgeRemovesEverythingAndResetsTheTotals() {
        String[] ids = new String[7];
        Arrays.setAll(ids, i -> randomId());
        for (String id : ids) {
            cache.put(entry(id, "{}", Duration.ofHours(1))).await();
        }
        cache.recordHit(ids[0], new Savings(5, 5, 1_000_000_000L)).await();

        assertThat(cache.purge().await()).isEqualTo(7);

        assertThat(cache.get(ids[3]).await()).isNull();
        assertThat(cache.totals().await()).isEqualTo(new CacheTotals(0, 0, 0, EntryView.Saved.NONE));
        assertThat(cache.entries(0, 10).await().entries()).isEmpty();
    }
}
