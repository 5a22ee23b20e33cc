package dev.llmgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.config.DatabaseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The versioned migrations on each engine, from an empty database: all of them run once, re-opening runs
 * none again, and a migration that converts data (V40: cache savings to whole nanos) converts what an older
 * schema held. Run on SQLite ({@link MigrationsSqliteTest}) and PostgreSQL ({@link MigrationsPostgresIT}).
 */
abstract class MigrationsContract {

    /** An empty database: how the gateway names it, a JDBC URL to reach it directly, and what removes it. */
    record Empty(DatabaseConfig config, Path dataDir, String jdbcUrl, String user, AutoCloseable cleanup) {}

    Empty empty;

    abstract Empty empty() throws Exception;

    /** The {@code auto_id} placeholder as {@link Database} fills it for this engine. */
    abstract String autoId();

    @BeforeEach
    void create() throws Exception {
        empty = empty();
    }

    @AfterEach
    void remove() throws Exception {
        empty.cleanup().close();
    }

    @Test
    void everyMigrationRunsOnceAndReopeningRunsNoneAgain() throws SQLException {
        Database.open(empty.config(), empty.dataDir()).close();
        try (Database database = Database.open(empty.config(), empty.dataDir())) {
            assertThat(count(database, "SELECT COUNT(*) FROM flyway_schema_history WHERE success"))
                    .isEqualTo(migrations()).isGreaterThanOrEqualTo(6);
            // V41's column is there (the query fails without it)
            assertThat(count(database, "SELECT COUNT(client_request_id) FROM usage_records")).isZero();
        }
    }

    @Test
    void cacheSavingsKeptAsDoublesBecomeWholeNanos() throws SQLException {
        flyway().target("30").load().migrate(); // the schema before V40
        try (Connection connection = java.sql.DriverManager.getConnection(empty.jdbcUrl(), empty.user(), null);
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO response_cache (id, model, body, size_bytes, compressed, created_at,"
                    + " expires_at, input_tokens, output_tokens, hits, saved_cost) VALUES ('a', 'm', 'x', 1, 0, 0,"
                    + " 99999999999999, 14, 37, 3, 0.000264)");
            statement.executeUpdate("INSERT INTO response_cache (id, model, body, size_bytes, compressed, created_at,"
                    + " expires_at, input_tokens, output_tokens) VALUES ('b', 'm', 'x', 1, 0, 0, 99999999999999, 1, 1)");
            statement.executeUpdate("UPDATE response_cache_totals SET saved_cost = 0.30000000000000004");
        }

        try (Database database = Database.open(empty.config(), empty.dataDir())) {
            assertThat(count(database, "SELECT saved_cost_nanos FROM response_cache WHERE id = 'a'")).isEqualTo(264_000);
            assertThat(count(database, "SELECT COUNT(*) FROM response_cache WHERE id = 'b' AND saved_cost_nanos IS NULL"))
                    .as("no known price stays unknown").isEqualTo(1);
            assertThat(count(database, "SELECT saved_cost_nanos FROM response_cache_totals")).isEqualTo(300_000_000);
            assertThatThrownBy(() -> count(database, "SELECT saved_cost FROM response_cache_totals"))
                    .isInstanceOf(SQLException.class);
        }
    }

    private org.flywaydb.core.api.configuration.FluentConfiguration flyway() {
        return Flyway.configure().dataSource(empty.jdbcUrl(), empty.user(), null)
                .locations("classpath:db/migration").placeholders(Map.of("auto_id", autoId()));
    }

    static long migrations() {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long count(Database database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
