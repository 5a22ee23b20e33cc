package dev.llmgate.usage;

import dev.llmgate.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The usage report, aggregated by the database, never by loading records. Whole UTC days inside the range
 * come from the daily sums ({@link UsageRollup}); the part-days at its two ends from {@code usage_records}
 * through the time index. Two queries: one grouped by (day, model, platform), whose few hundred groups
 * are then added up here into the totals, days, models and platforms; one grouped by user, which the
 * database also orders and cuts to the largest {@link #GROUP_LIMIT}. Blocks on JDBC.
 */
public final class UsageAnalytics {

    /** Breakdowns list the largest groups by cost; a gateway with many users shows its top ones. */
    public static final int GROUP_LIMIT = 100;

    /** Requests whose routing savings are known: both costs recorded, answered upstream (not from the cache). */
    private static final String ROUTED = "most_expensive_route_cost IS NOT NULL AND total_cost IS NOT NULL"
            + " AND cache_hit = 0";
    /** One record as a row of {@code usage_daily_routes} (integer division: UTC days on both engines). */
    private static final String RECORD_AS_ROUTE_DAY = "SELECT created_at / " + UsageRollup.DAY_MILLIS + ","
            + " COALESCE(model, ''), COALESCE(platform, ''), 1, CASE WHEN status = 'success' THEN 0 ELSE 1 END,"
            + " input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,"
            + " COALESCE(total_cost, 0), CASE WHEN total_cost IS NULL THEN 1 ELSE 0 END, cache_hit,"
            + " COALESCE(cost_saved_by_cache, 0), CASE WHEN " + ROUTED + " THEN 1 ELSE 0 END,"
            + " CASE WHEN " + ROUTED + " THEN most_expensive_route_cost ELSE 0 END,"
            + " CASE WHEN " + ROUTED + " THEN total_cost ELSE 0 END"
            + " FROM usage_records WHERE created_at >= ? AND created_at < ?";
    private static final String BY_DAY_MODEL_PLATFORM = "SELECT day, model, platform, "
            + DailySums.COLUMNS.replaceAll("(\\w+)", "SUM($1)") + " FROM ("
            + "SELECT day, model, platform, " + DailySums.COLUMNS + " FROM usage_daily_routes WHERE day >= ? AND day < ?"
            + " UNION ALL " + RECORD_AS_ROUTE_DAY + " UNION ALL " + RECORD_AS_ROUTE_DAY
            + ") sums GROUP BY day, model, platform";
    private static final String RECORD_AS_USER_DAY = "SELECT COALESCE(user_id, ''), 1, input_tokens, output_tokens,"
            + " COALESCE(total_cost, 0) FROM usage_records WHERE created_at >= ? AND created_at < ?";
    private static final String BY_USER = "SELECT user_id, SUM(requests), SUM(input_tokens), SUM(output_tokens),"
            + " SUM(cost) FROM (SELECT user_id, requests, input_tokens, output_tokens, cost FROM usage_daily_users"
            + " WHERE day >= ? AND day < ? UNION ALL " + RECORD_AS_USER_DAY + " UNION ALL " + RECORD_AS_USER_DAY
            + ") sums GROUP BY user_id ORDER BY SUM(cost) DESC, SUM(requests) DESC, user_id LIMIT " + GROUP_LIMIT;

    private final Database database;

    public UsageAnalytics(Database database) {
        this.database = database;
    }

    /** The report over {@code [from, to)}. */
    public UsageReport report(Instant from, Instant to) throws SQLException {
        Split split = Split.of(from.toEpochMilli(), to.toEpochMilli());
        try (Connection connection = database.dataSource().getConnection()) {
            DailySums totals = new DailySums();
            Map<Long, DailySums> days = new TreeMap<>();
            Map<String, DailySums> models = new HashMap<>();
            Map<String, DailySums> platforms = new HashMap<>();
            try (PreparedStatement select = split.bind(connection.prepareStatement(BY_DAY_MODEL_PLATFORM));
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    DailySums group = DailySums.read(rows, 4);
                    totals.add(group);
                    days.computeIfAbsent(rows.getLong(1), day -> new DailySums()).add(group);
                    models.computeIfAbsent(rows.getString(2), model -> new DailySums()).add(group);
                    platforms.computeIfAbsent(rows.getString(3), platform -> new DailySums()).add(group);
                }
            }
            List<UsageReport.Group> users = new ArrayList<>();
            try (PreparedStatement select = split.bind(connection.prepareStatement(BY_USER));
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    users.add(new UsageReport.Group(orNull(rows.getString(1)), rows.getLong(2), rows.getLong(3),
                            rows.getLong(4), rows.getDouble(5)));
                }
            }
            List<UsageReport.Day> daily = days.entrySet().stream()
                    .map(e -> new UsageReport.Day(LocalDate.ofEpochDay(e.getKey()), e.getValue().requests,
                            e.getValue().input + e.getValue().output, e.getValue().cost))
                    .toList();
            return new UsageReport(from, to, totals.totals(), largest(models), largest(platforms), users, daily,
                    new UsageReport.CacheSavings(totals.cacheHits, totals.costSavedByCache),
                    new UsageReport.RoutingSavings(totals.routed, totals.routedMostExpensive, totals.routedActual));
        }
    }

    /**
     * A range cut into the whole days the daily sums cover and the two part-days read from the records;
     * a range within one day is all "head".
     */
    private record Split(long firstDay, long endDay, long headFrom, long headTo, long tailFrom, long tailTo) {
        static Split of(long from, long to) {
            long firstDay = Math.ceilDiv(from, UsageRollup.DAY_MILLIS);
            long endDay = Math.floorDiv(to, UsageRollup.DAY_MILLIS);
            if (firstDay >= endDay) {
                return new Split(0, 0, from, to, to, to);
            }
            return new Split(firstDay, endDay, from, firstDay * UsageRollup.DAY_MILLIS,
                    endDay * UsageRollup.DAY_MILLIS, to);
        }

        PreparedStatement bind(PreparedStatement statement) throws SQLException {
            long[] values = {firstDay, endDay, headFrom, headTo, tailFrom, tailTo};
            for (int i = 0; i < values.length; i++) {
                statement.setLong(i + 1, values[i]);
            }
            return statement;
        }
    }

    private static String orNull(String key) {
        return key.isEmpty() ? null : key;
    }

    private static List<UsageReport.Group> largest(Map<String, DailySums> groups) {
        return groups.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, DailySums> e) -> e.getValue().cost).reversed()
                        .thenComparing(e -> e.getValue().requests, Comparator.reverseOrder())
                        .thenComparing(Map.Entry::getKey))
                .limit(GROUP_LIMIT)
                .map(e -> new UsageReport.Group(orNull(e.getKey()), e.getValue().requests, e.getValue().input,
                        e.getValue().output, e.getValue().cost))
                .toList();
    }
}
