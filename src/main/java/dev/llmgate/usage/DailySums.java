package dev.llmgate.usage;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What the analytics add up for a group of records (a day of one route, a day of one user, or any sum of
 * those): one column of {@code usage_daily_routes} per field, in its order. Unknown costs add 0 to
 * {@code cost} and 1 to {@code unpriced}.
 */
final class DailySums {

    /** The summed columns of {@code usage_daily_routes}, after its key (day, model, platform). */
    static final String COLUMNS = "requests, errors, input_tokens, output_tokens, cache_read_tokens,"
            + " cache_write_tokens, reasoning_tokens, cost, unpriced, cache_hits, cost_saved_by_cache, routed,"
            + " routed_most_expensive_cost, routed_actual_cost";
    static final int COUNT = 14;

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

    /** One record's share. */
    static DailySums of(UsageRecord record) {
        DailySums sums = new DailySums();
        sums.requests = 1;
        sums.errors = record.outcome().status() == UsageRecord.Status.SUCCESS ? 0 : 1;
        sums.input = record.tokens().input();
        sums.output = record.tokens().output();
        sums.cacheRead = record.tokens().cacheRead();
        sums.cacheWrite = record.tokens().cacheWrite();
        sums.reasoning = record.tokens().reasoning();
        sums.cost = amount(record.cost().total());
        sums.unpriced = record.cost().known() ? 0 : 1;
        sums.cacheHits = record.cache().hit() ? 1 : 0;
        sums.costSavedByCache = amount(record.cache().costSaved());
        // routing savings are known when both costs are, for answers that came from upstream
        if (record.mostExpensiveRouteCost() != null && record.cost().known() && !record.cache().hit()) {
            sums.routed = 1;
            sums.routedMostExpensive = record.mostExpensiveRouteCost().doubleValue();
            sums.routedActual = record.cost().total().doubleValue();
        }
        return sums;
    }

    /** Reads the {@link #COUNT} columns starting at {@code first}. */
    static DailySums read(ResultSet row, int first) throws SQLException {
        DailySums sums = new DailySums();
        int i = first;
        sums.requests = row.getLong(i++);
        sums.errors = row.getLong(i++);
        sums.input = row.getLong(i++);
        sums.output = row.getLong(i++);
        sums.cacheRead = row.getLong(i++);
        sums.cacheWrite = row.getLong(i++);
        sums.reasoning = row.getLong(i++);
        sums.cost = row.getDouble(i++);
        sums.unpriced = row.getLong(i++);
        sums.cacheHits = row.getLong(i++);
        sums.costSavedByCache = row.getDouble(i++);
        sums.routed = row.getLong(i++);
        sums.routedMostExpensive = row.getDouble(i++);
        sums.routedActual = row.getDouble(i);
        return sums;
    }

    /** Binds the {@link #COUNT} values starting at parameter {@code first}. */
    void bind(PreparedStatement statement, int first) throws SQLException {
        int i = first;
        statement.setLong(i++, requests);
        statement.setLong(i++, errors);
        statement.setLong(i++, input);
        statement.setLong(i++, output);
        statement.setLong(i++, cacheRead);
        statement.setLong(i++, cacheWrite);
        statement.setLong(i++, reasoning);
        statement.setDouble(i++, cost);
        statement.setLong(i++, unpriced);
        statement.setLong(i++, cacheHits);
        statement.setDouble(i++, costSavedByCache);
        statement.setLong(i++, routed);
        statement.setDouble(i++, routedMostExpensive);
        statement.setDouble(i, routedActual);
    }

    DailySums add(DailySums other) {
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
        return this;
    }

    UsageReport.Totals totals() {
        return new UsageReport.Totals(requests, errors,
                new UsageReport.Tokens(input, output, cacheRead, cacheWrite, reasoning), cost, unpriced, cacheHits);
    }

    private static double amount(BigDecimal value) {
        return value == null ? 0 : value.doubleValue();
    }
}
