package dev.llmgate.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.testing.MutableClock;
import dev.llmgate.testing.RedisServer;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Memory in front of Redis (the shared Redis, a key prefix of its own). */
class TieredResponseCacheIT extends ResponseCacheContract {

    static Vertx vertx;
    static String prefix;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        prefix = RedisServer.randomPrefix();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    RedisResponseCache redis(MutableClock clock) {
        return new RedisResponseCache(vertx, RedisResponseCacheIT.settings(RedisServer.shared(), prefix), clock);
    }

    @Override
    protected ResponseCache create(MutableClock clock) {
        return new TieredResponseCache(new MemoryResponseCache(1 << 20, clock), redis(clock), clock);
    }

    @Test
    void whatAnotherInstanceStoredInRedisIsServedAndThenKeptInMemory() {
        RedisResponseCache elsewhere = redis(clock);
        CacheEntry stored = entry(randomId(), "{\"from\":\"elsewhere\"}", Duration.ofHours(1));
        elsewhere.put(stored).await();

        assertThat(cache.get(stored.id()).await().body()).isEqualTo(stored.body());
        elsewhere.remove(stored.id()).await();
        assertThat(cache.get(stored.id()).await()).as("now from memory").isNotNull();

        clock.advance(TieredResponseCache.FRONT_TTL);
        assertThat(cache.get(stored.id()).await()).as("a memory copy lives at most FRONT_TTL").isNull();
        elsewhere.close();
    }

    @Test
    void withRedisGoneItKeepsCachingInMemory() {
        try (RedisServer own = RedisServer.start()) {
            ResponseCache tiered = new TieredResponseCache(new MemoryResponseCache(1 << 20, clock),
                    new RedisResponseCache(vertx, RedisResponseCacheIT.settings(own.url(), prefix), clock), clock);
            own.kill();
            CacheEntry stored = entry(randomId(), "{}", Duration.ofHours(1));

            tiered.put(stored).await();

            assertThat(tiered.get(stored.id()).await()).isNotNull();
            assertThat(tiered.get(randomId()).await()).isNull();
            assertThat(tiered.health().available()).isFalse();
            assertThat(tiered.totals().await().entries()).as("from memory while Redis is gone").isEqualTo(1);
            tiered.close();
        }
    }
}
