package dev.llmgate.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.testing.MutableClock;
import dev.llmgate.testing.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis backend on the shared Redis (127.0.0.1:6379) under a key prefix of its own. */
class RedisResponseCacheIT extends ResponseCacheContract {

    static Vertx vertx;
    static Redis raw;
    static String prefix;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        raw = Redis.createClient(vertx, RedisServer.SHARED_URL); // connects when first used
        prefix = RedisServer.randomPrefix();
    }

    @AfterAll
    static void stop() {
        if (RedisServer.sharedAnswers()) { // else every test was skipped
            assertThat(keys(prefix + "*")).as("every key removed by the purges").isEmpty();
        }
        raw.close();
        vertx.close().await();
    }

    static CacheSettings.RedisSettings settings(String url, String keyPrefix) {
        return new CacheSettings.RedisSettings(url, Duration.ofSeconds(2), Duration.ofMillis(200), keyPrefix);
    }

    @Override
    protected ResponseCache create(MutableClock clock) {
        return new RedisResponseCache(vertx, settings(RedisServer.shared(), prefix), clock);
    }

    static List<String> keys(String pattern) {
        List<String> found = new ArrayList<>();
        String cursor = "0";
        do {
            Response reply = raw.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT")
                    .arg(1000)).await();
            cursor = reply.get(0).toString();
            reply.get(1).forEach(key -> found.add(key.toString()));
        } while (!cursor.equals("0"));
        return found;
    }

    @Test
    void entriesExpireByRedisTtl() throws InterruptedException {
        CacheEntry brief = entry(randomId(), "{}", Duration.ofMillis(300));
        cache.put(brief).await();
        String key = prefix + "cache:e:" + brief.id();

        long ttl = raw.send(Request.cmd(Command.PTTL).arg(key)).await().toLong();
        assertThat(ttl).isBetween(1L, 300L);

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (raw.send(Request.cmd(Command.EXISTS).arg(key)).await().toLong() == 1 && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
        assertThat(raw.send(Request.cmd(Command.EXISTS).arg(key)).await().toLong()).isZero();
        clock.advance(Duration.ofMillis(300));
        assertThat(cache.get(brief.id()).await()).isNull();
        assertThat(cache.totals().await()).extracting(CacheTotals::entries, CacheTotals::sizeBytes)
                .containsExactly(0L, 0L);
    }

    @Test
    void twoBackendsOnOneRedisShareEntriesAndStatistics() {
        ResponseCache other = create(clock);
        CacheEntry stored = entry(randomId(), "{\"shared\":1}", Duration.ofHours(1));
        cache.put(stored).await();

        assertThat(other.get(stored.id()).await().body()).isEqualTo(stored.body());
        other.recordHit(stored.id(), new Savings(1, 2, null)).await();
        assertThat(cache.totals().await().hits()).isEqualTo(1);
        other.close();
    }

    @Test
    void anUnreachableRedisFailsFastAndIsRetriedAfterTheInterval() throws InterruptedException {
        try (RedisServer own = RedisServer.start()) {
            ResponseCache backend = new RedisResponseCache(vertx, settings(own.url(), prefix), clock);
            CacheEntry stored = entry(randomId(), "{}", Duration.ofHours(1));
            backend.put(stored).await();
            own.kill();

            assertThat(backend.get(stored.id()).transform(ar -> io.vertx.core.Future.succeededFuture(ar.failed()))
                    .await()).isTrue();
            assertThat(backend.health().available()).isFalse();
            long failed = backend.health().failedOperations();
            assertThat(backend.get(stored.id()).failed()).as("not attempted while down").isTrue();
            assertThat(backend.health().failedOperations()).isEqualTo(failed);

            own.restart();
            Thread.sleep(250); // the retry interval (200 ms)
            assertThat(backend.get(stored.id()).await()).as("the restarted Redis is empty").isNull();
            assertThat(backend.health().available()).isTrue();
            assertThat(backend.health().outages()).isEqualTo(1);
            backend.close();
        }
    }
}
