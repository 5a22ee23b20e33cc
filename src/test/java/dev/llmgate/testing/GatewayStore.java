package dev.llmgate.testing;

import com.zaxxer.hikari.HikariDataSource;
import dev.llmgate.store.TestDatabases;
import dev.llmgate.store.TestDatabases.TestDatabase;

/**
 * The store a test gateway uses, as the lines of its config file: the default SQLite file in the gateway's
 * temporary data directory, or a fresh PostgreSQL database of {@link TestDatabases#postgres} (which skips
 * the test where no PostgreSQL runs) named by {@code database.url}, dropped on close.
 */
public record GatewayStore(String name, String yaml, TestDatabase database) implements AutoCloseable {

    public static GatewayStore sqlite() {
        return new GatewayStore("SQLite", "", null);
    }

    public static GatewayStore postgres() {
        TestDatabase database = TestDatabases.postgres();
        String url = ((HikariDataSource) database.database().dataSource()).getJdbcUrl();
        return new GatewayStore("PostgreSQL", "database: { url: \"%s\", user: \"%s\", pool_size: 4 }\n"
                .formatted(url, TestDatabases.POSTGRES_USER), database);
    }

    /** Drops the PostgreSQL database (close the gateway first). */
    @Override
    public void close() throws Exception {
        if (database != null) {
            database.close();
        }
    }
}
