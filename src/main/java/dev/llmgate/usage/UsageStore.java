package dev.llmgate.usage;

import dev.llmgate.chat.Extras;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Usage;
import dev.llmgate.store.Database;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import tools.jackson.core.type.TypeReference;

/**
 * The {@code usage_records} table (and its daily sums, written in the same transaction): batch inserts, the
 * filtered newest-first listing, lookup by request id, and retention's bounded deletes. Every method blocks
 * on JDBC: call it from a worker or the recorder's thread.
 */
public final class UsageStore {

    private static final String COLUMNS = "request_id, created_at, api_key_id, user_id, session_id, tags,"
            + " requested_model, model, platform, provider, route, attempts, stream, status, http_status, error_type,"
            + " input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,"
            + " input_cost, output_cost, cache_cost, total_cost, currency, catalog_version,"
            + " latency_ms, time_to_first_token_ms, overhead_ms, cache_hit, cost_saved_by_cache,"
            + " most_expensive_route_cost, client_request_id";
    private static final String INSERT = "INSERT INTO usage_records (" + COLUMNS + ") VALUES ("
            + "?,".repeat(33) + "?)";
    private static final String SELECT = "SELECT id, " + COLUMNS + " FROM usage_records";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final DataSource dataSource;

    public UsageStore(Database database) {
        this.dataSource = database.dataSource();
    }

    /** Writes the records in one transaction: all of them or, on failure, none. */
    public void insert(List<UsageRecord> records) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (UsageRecord record : records) {
                    bind(insert, record);
                    insert.addBatch();
                }
                insert.executeBatch();
                UsageRollup.add(connection, records);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback); // the connection is likely gone; the write's own failure matters
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** A page of records matching the query, newest first. */
    public UsagePage list(UsageQuery query) throws SQLException {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
        if (query.from() != null) {
            sql.append(" AND created_at >= ?");
            params.add(query.from().toEpochMilli());
        }
        if (query.to() != null) {
            sql.append(" AND created_at < ?");
            params.add(query.to().toEpochMilli());
        }
        equal(sql, params, "model", query.model());
        equal(sql, params, "user_id", query.userId());
        equal(sql, params, "api_key_id", query.apiKeyId());
        if (query.status() != null) {
            if (query.status().matches("\\d{3}")) {
                equal(sql, params, "http_status", Integer.parseInt(query.status()));
            } else {
                UsageRecord.Status status = UsageRecord.Status.fromWire(query.status());
                if (status == null) {
                    throw new IllegalArgumentException("status must be success, error, client_closed or an HTTP"
                            + " status code, not '" + query.status() + "'");
                }
                equal(sql, params, "status", status.wire());
            }
        }
        if (query.cursor() != null) {
            long[] position = decodeCursor(query.cursor());
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            params.add(position[0]);
            params.add(position[0]);
            params.add(position[1]);
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?");
        params.add(query.limit() + 1); // one more than asked tells whether another page follows
        params.add(query.offset());
        List<UsageRecord> records = new ArrayList<>();
        long[] last = null;
        boolean more = false;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                select.setObject(i + 1, params.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (records.size() == query.limit()) {
                        more = true;
                        break;
                    }
                    records.add(read(rows));
                    last = new long[] {rows.getLong("created_at"), rows.getLong("id")};
                }
            }
        }
        return new UsagePage(records, more ? encodeCursor(last) : null);
    }

    /** The latest record with this request id (a client may reuse its own ids). */
    public Optional<UsageRecord> find(String requestId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     SELECT + " WHERE request_id = ? ORDER BY created_at DESC, id DESC LIMIT 1")) {
            select.setString(1, requestId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    /**
     * The output tokens of the latest successful answers {@code model} gave (cache hits excluded), newest
     * first, at most {@code limit}: read along the (model, time) index, so a million records cost nothing more.
     */
    public long[] latestOutputTokens(String model, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT output_tokens FROM usage_records"
                     + " WHERE model = ? AND status = 'success' AND cache_hit = 0 ORDER BY created_at DESC LIMIT ?")) {
            select.setString(1, model);
            select.setInt(2, limit);
            List<Long> outputs = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    outputs.add(rows.getLong(1));
                }
            }
            return outputs.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /**
     * Deletes at most {@code batch} records older than {@code cutoff}, in one short statement (rows are never
     * loaded); returns how many went. Call again until it returns less than {@code batch}.
     */
    public int deleteOlderThan(Instant cutoff, int batch) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM usage_records WHERE id IN"
                     + " (SELECT id FROM usage_records WHERE created_at < ? LIMIT ?)")) {
            delete.setLong(1, cutoff.toEpochMilli());
            delete.setInt(2, batch);
            return delete.executeUpdate();
        }
    }

    /** Deletes the daily sums of the days before {@code cutoff}, which must be the start of a UTC day. */
    public void deleteDailySumsBefore(Instant cutoff) throws SQLException {
        if (cutoff.toEpochMilli() % UsageRollup.DAY_MILLIS != 0) {
            throw new IllegalArgumentException("daily sums are deleted by whole days, not from " + cutoff);
        }
        try (Connection connection = dataSource.getConnection()) {
            UsageRollup.deleteBefore(connection, cutoff.toEpochMilli() / UsageRollup.DAY_MILLIS);
        }
    }

    private static void equal(StringBuilder sql, List<Object> params, String column, Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    private static void bind(PreparedStatement insert, UsageRecord record) throws SQLException {
        UsageRecord.Served served = record.served();
        Usage tokens = record.tokens();
        Cost cost = record.cost();
        int i = 0;
        insert.setString(++i, record.requestId());
        insert.setLong(++i, record.time().toEpochMilli());
        insert.setString(++i, record.caller().apiKeyId());
        insert.setString(++i, record.caller().userId());
        insert.setString(++i, record.caller().sessionId());
        insert.setString(++i, record.caller().tags().isEmpty() ? null : Json.MAPPER.writeValueAsString(record.caller().tags()));
        insert.setString(++i, served.requestedModel());
        insert.setString(++i, served.model());
        insert.setString(++i, served.platform());
        insert.setString(++i, served.provider());
        insert.setString(++i, served.route());
        insert.setInt(++i, served.attempts());
        insert.setInt(++i, served.stream() ? 1 : 0);
        insert.setString(++i, record.outcome().status().wire());
        insert.setInt(++i, record.outcome().httpStatus());
        insert.setString(++i, record.outcome().errorType());
        insert.setLong(++i, tokens.input());
        insert.setLong(++i, tokens.output());
        insert.setLong(++i, tokens.cacheRead());
        insert.setLong(++i, tokens.cacheWrite());
        insert.setLong(++i, tokens.reasoning());
        setAmount(insert, ++i, cost.input());
        setAmount(insert, ++i, cost.output());
        setAmount(insert, ++i, cost.cache());
        setAmount(insert, ++i, cost.total());
        insert.setString(++i, cost.currency());
        insert.setString(++i, cost.catalogVersion());
        insert.setDouble(++i, record.timings().latencyMs());
        setDouble(insert, ++i, record.timings().timeToFirstTokenMs());
        insert.setDouble(++i, record.timings().overheadMs());
        insert.setInt(++i, record.cache().hit() ? 1 : 0);
        setAmount(insert, ++i, record.cache().costSaved());
        setAmount(insert, ++i, record.mostExpensiveRouteCost());
        insert.setString(++i, record.caller().clientRequestId());
    }

    private static UsageRecord read(ResultSet row) throws SQLException {
        String tags = row.getString("tags");
        return new UsageRecord(row.getString("request_id"), Instant.ofEpochMilli(row.getLong("created_at")),
                new UsageRecord.Caller(row.getString("api_key_id"), row.getString("user_id"),
                        row.getString("session_id"), tags == null ? List.of() : Json.MAPPER.readValue(tags, STRINGS),
                        row.getString("client_request_id")),
                new UsageRecord.Served(row.getString("requested_model"), row.getString("model"),
                        row.getString("platform"), row.getString("provider"), row.getString("route"),
                        row.getInt("attempts"), row.getInt("stream") != 0),
                new UsageRecord.Outcome(UsageRecord.Status.fromWire(row.getString("status")),
                        row.getInt("http_status"), row.getString("error_type")),
                new Usage(row.getLong("input_tokens"), row.getLong("output_tokens"), row.getLong("cache_read_tokens"),
                        row.getLong("cache_write_tokens"), row.getLong("reasoning_tokens"), Extras.NONE),
                new Cost(amount(row, "input_cost"), amount(row, "output_cost"), amount(row, "cache_cost"),
                        amount(row, "total_cost"), row.getString("currency"), row.getString("catalog_version")),
                new UsageRecord.Timings(row.getDouble("latency_ms"), nullableDouble(row, "time_to_first_token_ms"),
                        row.getDouble("overhead_ms")),
                new UsageRecord.CacheUse(row.getInt("cache_hit") != 0, amount(row, "cost_saved_by_cache")),
                amount(row, "most_expensive_route_cost"));
    }

    private static void setAmount(PreparedStatement statement, int index, BigDecimal value) throws SQLException {
        setDouble(statement, index, value == null ? null : value.doubleValue());
    }

    private static void setDouble(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    private static BigDecimal amount(ResultSet row, String column) throws SQLException {
        Double value = nullableDouble(row, column);
        return value == null ? null : BigDecimal.valueOf(value);
    }

    private static Double nullableDouble(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : value;
    }

    static String encodeCursor(long[] position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((position[0] + ":" + position[1]).getBytes(StandardCharsets.US_ASCII));
    }

    static long[] decodeCursor(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("cursor '" + cursor + "' is not one this API returned");
        }
    }
}
