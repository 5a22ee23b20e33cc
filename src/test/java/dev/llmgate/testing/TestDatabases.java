package dev.llmgate.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;

/**
 * Databases for tests, migrated with the project's Flyway migrations: a SQLite file in a temporary
 * directory, or a schema of its own in the PostgreSQL on 127.0.0.1:5432 (database {@code test}), dropped
 * when closed. Stand-ins until {@code store.Database} opens the store the same way.
 */
public final class TestDatabases {

    public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private TestDatabases() {
    }

    /** A migrated SQLite database in a fresh temporary file. */
    public static HikariDataSource sqlite() {
        try {
            Path dir = Files.createTempDirectory("llmgate-sqlite");
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("store.db"));
            config.setMaximumPoolSize(1); // SQLite takes one writer at a time
            config.setConnectionInitSql("PRAGMA busy_timeout = 5000");
            HikariDataSource dataSource = new HikariDataSource(config);
            migrate(dataSource, null);
            return dataSource;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A migrated schema of its own in the local PostgreSQL; {@link #dropSchema} removes it. */
    public static HikariDataSource postgres() {
        String schema = "llmgate_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(POSTGRES_URL + "?currentSchema=" + schema);
        config.setUsername("postgres"); // trust authentication, as CI runs it
        config.setMaximumPoolSize(4);
        config.setSchema(schema);
        config.setPoolName(schema);
        HikariDataSource dataSource = new HikariDataSource(config);
        migrate(dataSource, schema);
        return dataSource;
    }

    public static void dropSchema(HikariDataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement drop = connection.createStatement()) {
            drop.execute("DROP SCHEMA IF EXISTS " + dataSource.getPoolName() + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            dataSource.close();
        }
    }

    private static void migrate(HikariDataSource dataSource, String schema) {
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (schema != null) {
            flyway.schemas(schema).createSchemas(true);
        }
        flyway.load().migrate();
    }
}
