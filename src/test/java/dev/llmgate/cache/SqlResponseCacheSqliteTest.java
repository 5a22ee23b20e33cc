package dev.llmgate.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.testing.MutableClock;
import dev.llmgate.store.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SQL backend on the embedded store's database, SQLite, migrated by Flyway. */
class SqlResponseCacheSqliteTest extends ResponseCacheContract {

    static Vertx vertx;
    static TestDatabases.TestDatabase store;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        store = TestDatabases.sqlite();
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
        vertx.close().await();
    }

    @Override
    protected ResponseCache create(MutableClock clock) {
        return new SqlResponseCache(vertx, store.database().dataSource(), clock, Duration.ofSeconds(5));
    }

    @Test
    void entriesSurviveANewBackendOnTheSameStore() {
        CacheEntry stored = entry(randomId(), "{\"kept\":true}", Duration.ofHours(1));
        cache.put(stored).await();

        ResponseCache restarted = create(clock);
        assertThat(restarted.get(stored.id()).await().body()).isEqualTo(stored.body());
    }

    @Test
    void aStoreThatFailsIsReportedUnavailableAndNotTriedAgainAtOnce() throws Exception {
        TestDatabases.TestDatabase closed = TestDatabases.sqlite();
        closed.close();
        ResponseCache broken = new SqlResponseCache(vertx, closed.database().dataSource(), clock, Duration.ofHours(1));

        assertThat(fails(broken.get(randomId()))).isTrue();
        assertThat(broken.health().available()).isFalse();
        assertThat(broken.health().outages()).isEqualTo(1);
        assertThat(broken.health().failedOperations()).isEqualTo(1);

        assertThat(fails(broken.get(randomId()))).isTrue();
        assertThat(broken.health().failedOperations()).as("not tried again before the retry interval").isEqualTo(1);
        broken.close();
    }

    static boolean fails(Future<?> operation) {
        return operation.transform(ar -> Future.succeededFuture(ar.failed())).await();
    }
}
