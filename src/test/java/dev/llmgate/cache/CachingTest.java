package dev.llmgate.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.Choice;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.FinishReason;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.Usage;
import dev.llmgate.config.CacheConfig;
import dev.llmgate.config.ConfigLoader;
import dev.llmgate.config.RedisConfig;
import dev.llmgate.observe.Metrics;
import dev.llmgate.provider.openai.OpenAiRequestCodec;
import dev.llmgate.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-request decisions and the lookup/store cycle, over the in-process backend and a clock we move. */
class CachingTest {

    static final CacheSettings SETTINGS = CacheSettings.from(CacheConfig.DEFAULT, RedisConfig.DEFAULT);

    MutableClock clock;
    MemoryResponseCache backend;
    Caching caching;

    @BeforeEach
    void open() {
        clock = MutableClock.startingNow();
        backend = new MemoryResponseCache(1 << 20, clock);
        caching = new Caching(SETTINGS, backend, clock, new Metrics());
    }

    static ChatRequest request(String extra) {
        return OpenAiRequestCodec.fromWire(Json.parseObject(("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]" + extra + "}").getBytes()));
    }

    static ChatResponse answer(String text) {
        return new ChatResponse("r-1", "m-2025", 1_700_000_000L, List.of(new Choice(0,
                new Message.Assistant(List.of(Part.Text.of(text)), List.of(), null, Extras.NONE), FinishReason.STOP,
                Extras.NONE)), Usage.of(100, 50), Extras.NONE);
    }

    CacheDecision decide(String extra, CacheDirectives directives) {
        return caching.decide("m", request(extra), directives);
    }

    @Test
    void theDefaultsAreOnInMemoryForAWeek() {
        assertThat(SETTINGS.enabled()).isTrue();
        assertThat(SETTINGS.backend()).isEqualTo(CacheSettings.Backend.MEMORY);
        assertThat(SETTINGS.defaultTtl()).isEqualTo(Duration.ofHours(168));
        assertThat(CacheSettings.from(CacheConfig.DEFAULT, new RedisConfig("redis://h:6379")).backend())
                .isEqualTo(CacheSettings.Backend.REDIS);
        assertThatThrownBy(() -> CacheSettings.from(new CacheConfig(true, "redis", null, null), RedisConfig.DEFAULT))
                .isInstanceOf(ConfigLoader.ConfigException.class).hasMessageContaining("redis.url");
        assertThatThrownBy(() -> CacheSettings.from(new CacheConfig(true, "disk", null, null), RedisConfig.DEFAULT))
                .isInstanceOf(ConfigLoader.ConfigException.class).hasMessageContaining("memory, sql, redis");
    }

    @Test
    void anAnswerIsStoredThenServed() {
        CacheDecision decision = decide("", CacheDirectives.NONE);
        assertThat(caching.lookup(decision).await()).isEqualTo(Lookup.Empty.MISS);

        caching.store(decision, "m", () -> answer("Hello")).await();
        Lookup lookup = caching.lookup(decision).await();

        assertThat(lookup).isInstanceOf(Lookup.Hit.class);
        Lookup.Hit hit = (Lookup.Hit) lookup;
        assertThat(hit.answer()).usingRecursiveComparison().isEqualTo(answer("Hello"));
        assertThat(hit.entry().inputTokens()).isEqualTo(100);
        assertThat(caching.activity()).isEqualTo(new Caching.Activity(1, 1, 0, 1, 0, 0));
    }

    @Test
    void aHitRecordsWhatItSavedAtThePriceItWasGiven() {
        CacheDecision decision = decide("", CacheDirectives.NONE);
        caching.store(decision, "m", () -> answer("Hello")).await();

        caching.served((Lookup.Hit) caching.lookup(decision).await(), new BigDecimal("0.2"));

        EntryView view = backend.entries(0, 1).await().entries().getFirst();
        assertThat(view.hits()).isEqualTo(1);
        assertThat(view.saved()).isEqualTo(new EntryView.Saved(100, 50, 200_000_000L));
        assertThat(view.saved().cost()).isEqualByComparingTo("0.2");
    }

    @Test
    void entriesExpireAfterTheDefaultLifetime() {
        CacheDecision decision = decide("", CacheDirectives.NONE);
        caching.store(decision, "m", () -> answer("Hello")).await();

        clock.advance(Duration.ofHours(168).minusSeconds(1));
        assertThat(caching.lookup(decision).await()).isInstanceOf(Lookup.Hit.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(caching.lookup(decision).await()).isEqualTo(Lookup.Empty.MISS);
    }

    @Test
    void theBodysTtlAndTheHeadersTtlSetTheLifetimeAndTheHeaderWins() {
        assertThat(decide(",\"cache_ttl_hours\":0.5", CacheDirectives.NONE).ttl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(decide(",\"cache_ttl_hours\":0.5", CacheDirectives.fromHeaders(null, "90")).ttl())
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(decide("", CacheDirectives.NONE).ttl()).isEqualTo(Duration.ofHours(168));

        CacheDecision shortLived = decide("", CacheDirectives.fromHeaders(null, "90"));
        caching.store(shortLived, "m", () -> answer("Hello")).await();
        clock.advance(Duration.ofSeconds(90));
        assertThat(caching.lookup(shortLived).await()).isEqualTo(Lookup.Empty.MISS);
    }

    @Test
    void useCacheFalseKeepsTheCacheOutOfTheRequest() {
        assertThat(decide(",\"use_cache\":false", CacheDirectives.NONE)).isEqualTo(CacheDecision.SKIP);
        assertThat(decide(",\"use_cache\":true", CacheDirectives.NONE).lookup()).isTrue();
        assertThat(caching.lookup(CacheDecision.SKIP).await()).isEqualTo(Lookup.Empty.SKIP);
    }

    @Test
    void noCacheSkipsTheLookupButKeepsTheAnswer() {
        CacheDecision decision = decide("", CacheDirectives.fromHeaders("no-cache", null));
        assertThat(decision.lookup()).isFalse();
        assertThat(decision.store()).isTrue();

        caching.store(decision, "m", () -> answer("fresh")).await();

        assertThat(caching.lookup(decision).await()).isEqualTo(Lookup.Empty.SKIP);
        assertThat(caching.lookup(decide("", CacheDirectives.NONE)).await()).isInstanceOf(Lookup.Hit.class);
    }

    @Test
    void noStoreLooksUpButKeepsNothing() {
        CacheDecision decision = decide("", CacheDirectives.fromHeaders("max-age=0, No-Store", null));
        assertThat(decision.lookup()).isTrue();

        caching.store(decision, "m", () -> answer("secret")).await();

        assertThat(caching.lookup(decide("", CacheDirectives.NONE)).await()).isEqualTo(Lookup.Empty.MISS);
        assertThat(decide("", CacheDirectives.fromHeaders("no-cache, no-store", null))).isEqualTo(CacheDecision.SKIP);
    }

    @Test
    void aMalformedTtlHeaderIsTheClientsError() {
        for (String bad : new String[] {"0", "-5", "1.5", "soon", ""}) {
            assertThatThrownBy(() -> CacheDirectives.fromHeaders(null, bad))
                    .isInstanceOf(GatewayException.BadRequest.class).hasMessageContaining(CacheDirectives.TTL_HEADER);
        }
    }

    @Test
    void severalChoicesAreNotCached() {
        assertThat(decide(",\"n\":3", CacheDirectives.NONE)).isEqualTo(CacheDecision.SKIP);
        assertThat(decide(",\"n\":1", CacheDirectives.NONE).lookup()).isTrue();
    }

    @Test
    void anAnswerFromAnotherModelThanTheKeyNamesIsNotKept() {
        CacheDecision decision = decide("", CacheDirectives.NONE);

        caching.store(decision, "fallback-model", () -> answer("from elsewhere")).await();

        assertThat(caching.lookup(decision).await()).isEqualTo(Lookup.Empty.MISS);
    }

    @Test
    void anUnreadableEntryIsAMissAndIsDropped() {
        CacheDecision decision = decide("", CacheDirectives.NONE);
        backend.put(new CacheEntry(decision.key().id(), "m", "{\"format\":42}".getBytes(), clock.instant(),
                clock.instant().plus(Duration.ofHours(1)), 0, 0)).await();

        assertThat(caching.lookup(decision).await()).isEqualTo(Lookup.Empty.MISS);
        assertThat(backend.totals().await().entries()).isZero();
    }

    @Test
    void aBackendThatFailsMakesTheRequestUncachedNotFailed() {
        Caching failing = new Caching(SETTINGS, new FailingCache(), clock, new Metrics());
        CacheDecision decision = failing.decide("m", request(""), CacheDirectives.NONE);

        assertThat(failing.lookup(decision).await()).isEqualTo(Lookup.Empty.SKIP);
        failing.store(decision, "m", () -> answer("x")).await();
        assertThat(failing.activity()).isEqualTo(new Caching.Activity(0, 0, 1, 0, 1, 1));
    }

    @Test
    void aDisabledCacheDecidesToSkipWithoutHashing() {
        Caching off = new Caching(CacheSettings.from(CacheConfig.OFF, RedisConfig.DEFAULT), null, clock,
                new Metrics());
        assertThat(off.enabled()).isFalse();
        assertThat(off.decide("m", request(""), CacheDirectives.NONE)).isEqualTo(CacheDecision.SKIP);
    }

    /** A backend whose every operation fails, as an unreachable one does. */
    static final class FailingCache implements ResponseCache {
        private static <T> io.vertx.core.Future<T> down() {
            return io.vertx.core.Future.failedFuture(new IllegalStateException("down"));
        }

        @Override public String name() { return "failing"; }
        @Override public io.vertx.core.Future<CacheEntry> get(String id) { return down(); }
        @Override public io.vertx.core.Future<Void> put(CacheEntry entry) { return down(); }
        @Override public io.vertx.core.Future<Void> recordHit(String id, Savings saved) { return down(); }
        @Override public io.vertx.core.Future<EntryPage> entries(int offset, int limit) { return down(); }
        @Override public io.vertx.core.Future<Boolean> remove(String id) { return down(); }
        @Override public io.vertx.core.Future<Long> purge() { return down(); }
        @Override public io.vertx.core.Future<CacheTotals> totals() { return down(); }
        @Override public BackendHealth.View health() { return BackendHealth.View.inProcess("failing"); }
        @Override public void close() { }
    }
}
