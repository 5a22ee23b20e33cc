package dev.llmgate.cache;

import com.zaxxer.hikari.HikariDataSource;
import dev.llmgate.testing.MutableClock;
import dev.llmgate.testing.TestDatabases;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The SQL backend on PostgreSQL (127.0.0.1:5432, database test), in a schema of its own, migrated by Flyway. */
class SqlResponseCachePostgresIT extends ResponseCacheContract {

    static Vertx vertx;
    static HikariDataSource dataSource;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        dataSource = TestDatabases.postgres();
    }

    @AfterAll
    static void stop() {
        TestDatabases.dropSchema(dataSource);
        vertx.close().await();
    }

    @Override
    protected ResponseCache create(MutableClock clock) {
        return new SqlResponseCache(vertx, dataSource, clock, Duration.ofSeconds(5));
    }
}
