package dev.llmgate.cache;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The backend in the SQL store (SQLite by default, PostgreSQL when shared): entries survive restarts. The
 * tables come from the migrations {@code V20__response_cache.sql} and {@code V40__cache_saved_cost_nanos.sql}
 * (saved costs in whole nanos). JDBC runs on a small worker pool, never on an event loop. Expired rows are
 * never served and are deleted in passing, at most once a minute.
 */
public final class SqlResponseCache implements ResponseCache {

    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
    private static final String COLUMNS = "id, model, size_bytes, compressed, created_at, expires_at, input_tokens, "
            + "output_tokens, hits, last_hit_at, saved_input_tokens, saved_output_tokens, saved_cost_nanos";

    private final DataSource dataSource;
    private final Clock clock;
    private final WorkerExecutor workers;
    private final BackendHealth health;
    private final AtomicLong nextSweepMillis = new AtomicLong();

    public SqlResponseCache(Vertx vertx, DataSource dataSource, Clock clock, Duration retryInterval) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.workers = vertx.createSharedWorkerExecutor("llmgate-cache-sql", 4);
        this.health = new BackendHealth("sql", retryInterval);
    }

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public Future<CacheEntry> get(String id) {
        return jdbc(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT model, body, created_at, expires_at, "
                    + "input_tokens, output_tokens FROM response_cache WHERE id = ? AND expires_at > ?")) {
                select.setString(1, id);
                select.setLong(2, clock.millis());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return null;
                    }
                    return new CacheEntry(id, row.getString(1), row.getBytes(2), Instant.ofEpochMilli(row.getLong(3)),
                            Instant.ofEpochMilli(row.getLong(4)), row.getLong(5), row.getLong(6));
                }
            }
        });
    }

    @Override
    public Future<Void> put(CacheEntry entry) {
        return jdbc(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO response_cache (id, model, body, "
                    + "size_bytes, compressed, created_at, expires_at, input_tokens, output_tokens, hits, last_hit_at, "
                    + "saved_input_tokens, saved_output_tokens, saved_cost_nanos) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, "
                    + "0, 0, NULL) ON CONFLICT (id) DO UPDATE SET model = excluded.model, body = excluded.body, "
                    + "size_bytes = excluded.size_bytes, compressed = excluded.compressed, "
                    + "created_at = excluded.created_at, expires_at = excluded.expires_at, "
                    + "input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, hits = 0, "
                    + "last_hit_at = NULL, saved_input_tokens = 0, saved_output_tokens = 0, saved_cost_nanos = NULL")) {
                upsert.setString(1, entry.id());
                upsert.setString(2, entry.model());
                upsert.setBytes(3, entry.body());
                upsert.setInt(4, entry.sizeBytes());
                upsert.setInt(5, entry.isCompressed() ? 1 : 0);
                upsert.setLong(6, entry.createdAt().toEpochMilli());
                upsert.setLong(7, entry.expiresAt().toEpochMilli());
                upsert.setLong(8, entry.inputTokens());
                upsert.setLong(9, entry.outputTokens());
                upsert.executeUpdate();
            }
            sweepNowAndThen(connection);
            return null;
        });
    }

    @Override
    public Future<Void> recordHit(String id, Savings saved) {
        String cost = saved.costNanos() == null ? "" : ", saved_cost_nanos = COALESCE(saved_cost_nanos, 0) + ?";
        return jdbc(connection -> inTransaction(connection, () -> {
            try (PreparedStatement entry = connection.prepareStatement("UPDATE response_cache SET hits = hits + 1, "
                    + "last_hit_at = ?, saved_input_tokens = saved_input_tokens + ?, "
                    + "saved_output_tokens = saved_output_tokens + ?" + cost + " WHERE id = ?");
                 PreparedStatement totals = connection.prepareStatement("UPDATE response_cache_totals SET "
                    + "hits = hits + 1, saved_input_tokens = saved_input_tokens + ?, "
                    + "saved_output_tokens = saved_output_tokens + ?" + cost + " WHERE id = 1")) {
                entry.setLong(1, clock.millis());
                entry.setLong(2, saved.inputTokens());
                entry.setLong(3, saved.outputTokens());
                int next = 4;
                if (saved.costNanos() != null) {
                    entry.setLong(next++, saved.costNanos());
                }
                entry.setString(next, id);
                if (entry.executeUpdate() == 0) {
                    return null; // the entry is gone: its hit counts nowhere
                }
                totals.setLong(1, saved.inputTokens());
                totals.setLong(2, saved.outputTokens());
                if (saved.costNanos() != null) {
                    totals.setLong(3, saved.costNanos());
                }
                totals.executeUpdate();
            }
            return null;
        }));
    }

    @Override
    public Future<EntryPage> entries(int offset, int limit) {
        return jdbc(connection -> {
            long now = clock.millis();
            long total;
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT COUNT(*) FROM response_cache WHERE expires_at > ?")) {
                count.setLong(1, now);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    total = row.getLong(1);
                }
            }
            List<EntryView> views = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM response_cache "
                    + "WHERE expires_at > ? ORDER BY expires_at DESC, id LIMIT ? OFFSET ?")) {
                select.setLong(1, now);
                select.setInt(2, limit);
                select.setInt(3, offset);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        views.add(view(rows));
                    }
                }
            }
            return new EntryPage(views, total);
        });
    }

    @Override
    public Future<Boolean> remove(String id) {
        return jdbc(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM response_cache WHERE id = ? AND expires_at > ?")) {
                delete.setString(1, id);
                delete.setLong(2, clock.millis());
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Future<Long> purge() {
        return jdbc(connection -> inTransaction(connection, () -> {
            long live;
            try (PreparedStatement deleteLive = connection.prepareStatement(
                    "DELETE FROM response_cache WHERE expires_at > ?")) {
                deleteLive.setLong(1, clock.millis());
                live = deleteLive.executeUpdate();
            }
            try (PreparedStatement deleteRest = connection.prepareStatement("DELETE FROM response_cache");
                 PreparedStatement reset = connection.prepareStatement("UPDATE response_cache_totals SET hits = 0, "
                         + "saved_input_tokens = 0, saved_output_tokens = 0, saved_cost_nanos = NULL WHERE id = 1")) {
                deleteRest.executeUpdate();
                reset.executeUpdate();
            }
            return live;
        }));
    }

    @Override
    public Future<CacheTotals> totals() {
        return jdbc(connection -> {
            long entries;
            long bytes;
            try (PreparedStatement stored = connection.prepareStatement("SELECT COUNT(*), COALESCE(SUM(size_bytes), 0) "
                    + "FROM response_cache WHERE expires_at > ?")) {
                stored.setLong(1, clock.millis());
                try (ResultSet row = stored.executeQuery()) {
                    row.next();
                    entries = row.getLong(1);
                    bytes = row.getLong(2);
                }
            }
            try (PreparedStatement sums = connection.prepareStatement("SELECT hits, saved_input_tokens, "
                    + "saved_output_tokens, saved_cost_nanos FROM response_cache_totals WHERE id = 1");
                 ResultSet row = sums.executeQuery()) {
                if (!row.next()) {
                    return new CacheTotals(entries, bytes, 0, EntryView.Saved.NONE);
                }
                return new CacheTotals(entries, bytes, row.getLong(1),
                        new EntryView.Saved(row.getLong(2), row.getLong(3), nullableLong(row, 4)));
            }
        });
    }

    @Override
    public BackendHealth.View health() {
        return health.view();
    }

    @Override
    public void close() {
        workers.close();
    }

    /** Deletes expired rows, at most once per {@link #SWEEP_EVERY}. */
    private void sweepNowAndThen(Connection connection) throws SQLException {
        long now = clock.millis();
        long due = nextSweepMillis.get();
        if (now < due || !nextSweepMillis.compareAndSet(due, now + SWEEP_EVERY.toMillis())) {
            return;
        }
        try (PreparedStatement sweep = connection.prepareStatement("DELETE FROM response_cache WHERE expires_at <= ?")) {
            sweep.setLong(1, now);
            sweep.executeUpdate();
        }
    }

    private static EntryView view(ResultSet row) throws SQLException {
        long lastHit = row.getLong(10);
        Instant lastHitAt = row.wasNull() ? null : Instant.ofEpochMilli(lastHit);
        return new EntryView(row.getString(1), row.getString(2), Instant.ofEpochMilli(row.getLong(5)),
                Instant.ofEpochMilli(row.getLong(6)), row.getLong(3), row.getInt(4) == 1, row.getLong(7),
                row.getLong(8), row.getLong(9), lastHitAt,
                new EntryView.Saved(row.getLong(11), row.getLong(12), nullableLong(row, 13)));
    }

    private static Long nullableLong(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws SQLException;
    }

    private static <T> T inTransaction(Connection connection, Step<T> step) throws SQLException {
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            T result = step.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
        }
    }

    /** Runs {@code work} on a pooled connection on the worker pool, unless the store is known to be down. */
    private <T> Future<T> jdbc(Work<T> work) {
        if (!health.shouldTry()) {
            return Future.failedFuture(health.unavailable());
        }
        return workers.<T>executeBlocking(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            }
        }, false).andThen(ar -> {
            if (ar.succeeded()) {
                health.succeeded();
            } else {
                health.failed(ar.cause());
            }
        });
    }
}
