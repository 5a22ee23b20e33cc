package dev.llmgate.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.llmgate.config.ConfigLoader.ConfigException;
import dev.llmgate.config.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The gateway's store: a pooled JDBC data source, its schema brought up to date by the migrations in
 * {@code db/migration} when it opens. SQLite (one file in the data directory) by default; PostgreSQL when
 * {@code database.url} names one. Every call on it blocks: use it from a worker or a background thread,
 * never from an event loop.
 */
public final class Database implements AutoCloseable {

    public enum Engine { SQLITE, POSTGRESQL }

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /**
     * SQLite takes one writer at a time (WAL lets readers run beside it); a few connections serve the
     * admin queries while the usage writer holds one, and more would only queue on the file lock.
     */
    private static final int SQLITE_POOL = 4;
    private static final int POSTGRESQL_POOL = 10;
    /** How long a SQLite writer waits for the lock before failing (the usage writer then retries). */
    private static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;

    private final HikariDataSource pool;
    private final Engine engine;

    private Database(HikariDataSource pool, Engine engine) {
        this.pool = pool;
        this.engine = engine;
    }

    /** Opens the store {@code config} names (the SQLite file in {@code dataDir} when none) and migrates it. */
    public static Database open(DatabaseConfig config, Path dataDir) {
        DatabaseUrl url = DatabaseUrl.of(config, dataDir);
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("llmgate-db");
        if (url.engine() == Engine.SQLITE) {
            createParent(url.sqliteFile());
            hikari.setDataSource(sqlite(url.jdbcUrl()));
            hikari.setMaximumPoolSize(config.poolSize() != null ? config.poolSize() : SQLITE_POOL);
        } else {
            hikari.setJdbcUrl(url.jdbcUrl());
            hikari.setUsername(url.user());
            hikari.setPassword(url.password());
            // the driver sends a JDBC batch of inserts as multi-row INSERTs: one round trip per batch
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
            hikari.setMaximumPoolSize(config.poolSize() != null ? config.poolSize() : POSTGRESQL_POOL);
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new ConfigException("Cannot open the database " + url.describe() + ": " + rootMessage(e));
        }
        Database database = new Database(pool, url.engine());
        try {
            database.migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        LOG.info("store: {} at {}", url.engine() == Engine.SQLITE ? "SQLite" : "PostgreSQL", url.describe());
        return database;
    }

    public DataSource dataSource() {
        return pool;
    }

    public Engine engine() {
        return engine;
    }

    /** Whether the store answers now: a connection from the pool passes its validity check. Blocks. */
    public boolean isReachable() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    private void migrate() {
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    // the one thing the engines spell differently: an auto-numbered 64-bit key
                    .placeholders(Map.of("auto_id", engine == Engine.SQLITE ? "INTEGER PRIMARY KEY"
                            : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"))
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new ConfigException("The database schema could not be migrated: " + e.getMessage());
        }
    }

    private static DataSource sqlite(String url) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // with WAL, NORMAL is durable against a process crash; only an OS crash may lose the last commits
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-16_384); // KiB: 16 MiB of pages per connection (SQLite's default is 2 MiB)
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(url);
        return source;
    }

    private static void createParent(Path file) {
        if (file == null || file.toAbsolutePath().getParent() == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new ConfigException("Cannot create the data directory " + file.toAbsolutePath().getParent() + ": "
                    + e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
