package dev.llmgate.usage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Keeps the daily sums ({@code usage_daily_routes}, {@code usage_daily_users}) in step with
 * {@code usage_records}: a batch's records are added up here per (UTC day, model, platform) and per (day,
 * user), then merged into the tables with one upsert per key, inside the batch's transaction.
 */
final class UsageRollup {

    static final long DAY_MILLIS = 86_400_000L;

    private static final String ROUTES = upsert("usage_daily_routes", "day, model, platform", DailySums.COLUMNS);
    private static final String USERS = upsert("usage_daily_users", "day, user_id",
            "requests, input_tokens, output_tokens, cost");

    private UsageRollup() {
    }

    private record RouteDay(long day, String model, String platform) {}

    private record UserDay(long day, String user) {}

    /** Adds the records' sums to the daily tables (on the caller's connection and transaction). */
    static void add(Connection connection, List<UsageRecord> records) throws SQLException {
        // keys in one order for every writer, so that two instances sharing PostgreSQL cannot deadlock
        Map<RouteDay, DailySums> routes = new TreeMap<>(Comparator.comparingLong(RouteDay::day)
                .thenComparing(RouteDay::model).thenComparing(RouteDay::platform));
        Map<UserDay, DailySums> users = new TreeMap<>(Comparator.comparingLong(UserDay::day)
                .thenComparing(UserDay::user));
        for (UsageRecord record : records) {
            long day = Math.floorDiv(record.time().toEpochMilli(), DAY_MILLIS);
            DailySums sums = DailySums.of(record);
            routes.computeIfAbsent(new RouteDay(day, key(record.served().model()), key(record.served().platform())),
                    k -> new DailySums()).add(sums);
            users.computeIfAbsent(new UserDay(day, key(record.caller().userId())), k -> new DailySums()).add(sums);
        }
        try (PreparedStatement upsert = connection.prepareStatement(ROUTES)) {
            for (var entry : routes.entrySet()) {
                upsert.setLong(1, entry.getKey().day());
                upsert.setString(2, entry.getKey().model());
                upsert.setString(3, entry.getKey().platform());
                entry.getValue().bind(upsert, 4);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        try (PreparedStatement upsert = connection.prepareStatement(USERS)) {
            for (var entry : users.entrySet()) {
                DailySums sums = entry.getValue();
                upsert.setLong(1, entry.getKey().day());
                upsert.setString(2, entry.getKey().user());
                upsert.setLong(3, sums.requests);
                upsert.setLong(4, sums.input);
                upsert.setLong(5, sums.output);
                upsert.setDouble(6, sums.cost);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** Removes the sums of the days before {@code day} (retention removes those days' records). */
    static int deleteBefore(Connection connection, long day) throws SQLException {
        int deleted = 0;
        for (String table : List.of("usage_daily_routes", "usage_daily_users")) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE day < ?")) {
                delete.setLong(1, day);
                deleted += delete.executeUpdate();
            }
        }
        return deleted;
    }

    /** The daily tables' keys cannot be NULL: "" stands for a record without a model, platform or user. */
    static String key(String value) {
        return value == null ? "" : value;
    }

    /** {@code INSERT ... ON CONFLICT (key) DO UPDATE SET c = t.c + excluded.c}: the same on both engines. */
    private static String upsert(String table, String key, String columns) {
        List<String> summed = Arrays.stream(columns.split(",")).map(String::trim).toList();
        int count = key.split(",").length + summed.size();
        return "INSERT INTO " + table + " (" + key + ", " + columns + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(count, "?")) + ") ON CONFLICT (" + key
                + ") DO UPDATE SET " + summed.stream().map(c -> c + " = " + table + "." + c + " + excluded." + c)
                .collect(Collectors.joining(", "));
    }
}
