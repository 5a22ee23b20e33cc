package dev.llmgate.store;

import dev.llmgate.config.DatabaseConfig;
import dev.llmgate.testing.ExternalServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Real stores for tests, each its own and removed afterwards: a SQLite file in a new temporary directory, or
 * a PostgreSQL database with a random name on 127.0.0.1:5432 (created, then dropped). Where no PostgreSQL
 * answers the test is skipped with a message saying so, or failed under {@link ExternalServices#REQUIRE} (CI).
 */
public final class TestDatabases {

    /** The server the PostgreSQL tests use; {@code LLMGATE_TEST_POSTGRES} overrides it. */
    public static final String POSTGRES_SERVER = System.getenv().getOrDefault("LLMGATE_TEST_POSTGRES",
            "jdbc:postgresql://127.0.0.1:5432/");
    public static final String POSTGRES_USER = System.getenv().getOrDefault("LLMGATE_TEST_POSTGRES_USER", "postgres");

    private TestDatabases() {
    }

    /** An opened (migrated) database and what removes it. */
    public record TestDatabase(Database database, String description, AutoCloseable cleanup) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            database.close();
            cleanup.close();
        }
    }

    public static TestDatabase sqlite() {
        try {
            Path dir = Files.createTempDirectory("llmgate-sqlite");
            Database database = Database.open(DatabaseConfig.DEFAULT, dir);
            return new TestDatabase(database, "SQLite " + dir, () -> deleteTree(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestDatabase postgres() {
        String name = createPostgres();
        Database database = Database.open(new DatabaseConfig(POSTGRES_SERVER + name, POSTGRES_USER, null, 4), null);
        return new TestDatabase(database, "PostgreSQL " + name, () -> drop(name));
    }

    /** An empty PostgreSQL database for a gateway to open by its URL; closing drops it, cutting its connections. */
    public record ServerDatabase(String url, String name) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            drop(name);
        }
    }

    public static ServerDatabase emptyPostgres() {
        String name = createPostgres();
        return new ServerDatabase(POSTGRES_SERVER + name + "?user=" + POSTGRES_USER, name);
    }

    private static String createPostgres() {
        String name = "llmgate_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try (Connection admin = DriverManager.getConnection(POSTGRES_SERVER + "postgres", POSTGRES_USER, null);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw ExternalServices.unavailable("PostgreSQL is not reachable at " + POSTGRES_SERVER + " as "
                    + POSTGRES_USER + " (" + e.getMessage() + ")");
        }
        return name;
    }

    private static void drop(String name) throws SQLException {
        try (Connection admin = DriverManager.getConnection(POSTGRES_SERVER + "postgres", POSTGRES_USER, null);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
