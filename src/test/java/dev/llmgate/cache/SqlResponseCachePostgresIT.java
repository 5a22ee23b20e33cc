package dev.llmgate.cache;

import dev.llmgate.testing.MutableClock;
import dev.llmgate.store.TestDatabases;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The SQL backend on PostgreSQL (127.0.0.1:5432, database test), in a database of its own, migrated by Flyway. */
class SqlResponseCachePostgresIT extends ResponseCacheContract {

    static Vertx vertx;
    static TestDatabases.TestDatabase store;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        if (store != null) {
            store.close();
        }
        vertx.close().await();
    }

    @Override
    protected ResponseCache create(MutableClock clock) {
        if (store == null) { // opened by the first test, so that without PostgreSQL each test says it is skipped
            store = TestDatabases.postgres();
        }
        return new SqlResponseCache(vertx, store.database().dataSource(), clock, Duration.ofSeconds(5));
    }
}
