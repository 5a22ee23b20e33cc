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
 * The usage report, aggregated by the database over {@code usage_records}, never by loading rows. Two scans
 * of the range: one grouped by (UTC day, model, platform), whose few hundred groups are then added up here
 * into the totals, the days, the models and the platforms; one grouped by user, which the database also
 * orders and cuts to the largest {@link #GROUP_LIMIT}. Blocks on JDBC.
 */
public final class UsageAnalytics {

    /** Breakdowns list the largest groups by cost; a gateway with many users shows its top ones. */
    public static final int GROUP_LIMIT = 100;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final String RANGE = " FROM usage_records WHERE created_at >= ? AND created_at < ?";
    /** Requests whose routing savings are known: both costs recorded, answered upstream (not from the cache). */
    private static final String ROUTED = "most_expensive_route_cost IS NOT NULL AND total_cost IS NOT NULL"
            + " AND cache_hit = 0";
    private static final String DAY = "created_at / " + DAY_MILLIS; // integer division on both engines
    private static final String BY_DAY_MODEL_PLATFORM = "SELECT " + DAY + ", model, platform, COUNT(*),"
            + " SUM(CASE WHEN status = 'success' THEN 0 ELSE 1 END),"
            + " SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_tokens),"
            + " SUM(reasoning_tokens), SUM(total_cost),"
            + " SUM(CASE WHEN total_cost IS NULL THEN 1 ELSE 0 END),"
            + " SUM(cache_hit), SUM(cost_saved_by_cache),"
            + " SUM(CASE WHEN " + ROUTED + " THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN " + ROUTED + " THEN most_expensive_route_cost ELSE 0 END),"
            + " SUM(CASE WHEN " + ROUTED + " THEN total_cost ELSE 0 END)"
            + RANGE + " GROUP BY " + DAY + ", model, platform";
    // Grouping by an expression keeps SQLite from walking the (user_id, created_at) index in user order,
    // which reads the table at random and is several times slower than a scan of the time range.
    private static final String BY_USER = "SELECT COALESCE(user_id, ''), COUNT(*), SUM(input_tokens),"
            + " SUM(output_tokens), SUM(total_cost)" + RANGE + " GROUP BY COALESCE(user_id, '')"
            // COALESCE: PostgreSQL sorts NULL first in DESC, SQLite last; an unpriced group counts as 0 here
            + " ORDER BY COALESCE(SUM(total_cost), 0) DESC, COUNT(*) DESC, COALESCE(user_id, '') LIMIT " + GROUP_LIMIT;

    private final Database database;

    public UsageAnalytics(Database database) {
        this.database = database;
    }

    /** The report over {@code [from, to)}. */
    public UsageReport report(Instant from, Instant to) throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            Sums totals = new Sums();
            Map<Long, Sums> days = new TreeMap<>();
            Map<String, Sums> models = new HashMap<>();
            Map<String, Sums> platforms = new HashMap<>();
            try (PreparedStatement select = range(connection, BY_DAY_MODEL_PLATFORM, from, to);
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Sums group = Sums.read(rows);
                    totals.add(group);
                    days.computeIfAbsent(rows.getLong(1), day -> new Sums()).add(group);
                    models.computeIfAbsent(key(rows.getString(2)), model -> new Sums()).add(group);
                    platforms.computeIfAbsent(key(rows.getString(3)), platform -> new Sums()).add(group);
                }
            }
            List<UsageReport.Group> users = new ArrayList<>();
            try (PreparedStatement select = range(connection, BY_USER, from, to); ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String user = rows.getString(1);
                    users.add(new UsageReport.Group(user.isEmpty() ? null : user, rows.getLong(2), rows.getLong(3),
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

    /** Map keys cannot be null; records without a model or platform are grouped under "" and shown as null. */
    private static String key(String value) {
        return value == null ? "" : value;
    }

    private static List<UsageReport.Group> largest(Map<String, Sums> groups) {
        return groups.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, Sums> e) -> e.getValue().cost).reversed()
                        .thenComparing(e -> e.getValue().requests, Comparator.reverseOrder())
                        .thenComparing(Map.Entry::getKey))
                .limit(GROUP_LIMIT)
                .map(e -> new UsageReport.Group(e.getKey().isEmpty() ? null : e.getKey(), e.getValue().requests,
                        e.getValue().input, e.getValue().output, e.getValue().cost))
                .toList();
    }

    private static PreparedStatement range(Connection connection, String sql, Instant from, Instant to)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setLong(1, from.toEpochMilli());
        statement.setLong(2, to.toEpochMilli());
        return statement;
    }

    /** The sums of one group of records, and their running total over groups. */
    private static final class Sums {
        long requests;
        long errors;
        long input;
        long output;
        long cacheRead;
        long cacheWrite;
        long reasoning;
        double cost;
        long unpriced;
        long cacheHits;
        double costSavedByCache;
        long routed;
        double routedMostExpensive;
        double routedActual;

        static Sums read(ResultSet row) throws SQLException {
            Sums sums = new Sums();
            sums.requests = row.getLong(4);
            sums.errors = row.getLong(5);
            sums.input = row.getLong(6);
            sums.output = row.getLong(7);
            sums.cacheRead = row.getLong(8);
            sums.cacheWrite = row.getLong(9);
            sums.reasoning = row.getLong(10);
            sums.cost = row.getDouble(11);
            sums.unpriced = row.getLong(12);
            sums.cacheHits = row.getLong(13);
            sums.costSavedByCache = row.getDouble(14);
            sums.routed = row.getLong(15);
            sums.routedMostExpensive = row.getDouble(16);
            sums.routedActual = row.getDouble(17);
            return sums;
        }

        void add(Sums other) {
            requests += other.requests;
            errors += other.errors;
            input += other.input;
            output += other.output;
            cacheRead += other.cacheRead;
            cacheWrite += other.cacheWrite;
            reasoning += other.reasoning;
            cost += other.cost;
            unpriced += other.unpriced;
            cacheHits += other.cacheHits;
            costSavedByCache += other.costSavedByCache;
            routed += other.routed;
            routedMostExpensive += other.routedMostExpensive;
            routedActual += other.routedActual;
        }

        UsageReport.Totals totals() {
            return new UsageReport.Totals(requests, errors,
                    new UsageReport.Tokens(input, output, cacheRead, cacheWrite, reasoning), cost, unpriced, cacheHits);
        }

    }
}
