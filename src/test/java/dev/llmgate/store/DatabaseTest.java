package dev.llmgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.config.ConfigLoader.ConfigException;
import dev.llmgate.config.DatabaseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: a SQLite file in the data directory, in WAL mode, migrated on open. */
class DatabaseTest {

    @TempDir
    Path temp;

    @Test
    void opensASqliteFileInTheDataDirectoryItCreates() throws SQLException {
        Path dataDir = temp.resolve("nested/data");
        try (Database database = Database.open(DatabaseConfig.DEFAULT, dataDir)) {
            assertThat(database.engine()).isEqualTo(Database.Engine.SQLITE);
            assertThat(dataDir.resolve("llmgate.db")).exists();
            assertThat(pragma(database, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(database, "synchronous")).isEqualTo("1"); // NORMAL
            assertThat(pragma(database, "busy_timeout")).isEqualTo("10000");
            assertThat(pragma(database, "foreign_keys")).isEqualTo("1");
            assertThat(count(database, "SELECT COUNT(*) FROM usage_records")).isZero();
        }
    }

    @Test
    void reopeningMigratesNothingTwice() throws SQLException {
        Database.open(DatabaseConfig.DEFAULT, temp).close();
        try (Database database = Database.open(DatabaseConfig.DEFAULT, temp)) {
            assertThat(count(database, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1"))
                    .isEqualTo(migrations()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aDataDirectoryThatCannotBeMadeSaysSo() throws Exception {
        Path file = Files.writeString(temp.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> Database.open(DatabaseConfig.DEFAULT, file.resolve("data")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Cannot create the data directory");
    }

    private static long migrations() {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pragma(Database database, String name) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA " + name)) {
            row.next();
            return row.getString(1);
        }
    }

    private static long count(Database database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
