package dev.llmgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.config.ConfigLoader.ConfigException;
import dev.llmgate.config.DatabaseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default: a SQLite file in the data directory, in WAL mode, migrated on open (the migrations
 * themselves, on both engines: {@link MigrationsContract}).
 */
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
    void aDataDirectoryThatCannotBeMadeSaysSo() throws Exception {
        Path file = Files.writeString(temp.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> Database.open(DatabaseConfig.DEFAULT, file.resolve("data")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Cannot create the data directory");
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
