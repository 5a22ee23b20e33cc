package dev.llmgate.usage;

import dev.llmgate.config.DatabaseConfig;
import dev.llmgate.store.Database;
import dev.llmgate.store.TestDatabases;
import dev.llmgate.store.TestDatabases.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Times the usage report and the request listing on generated records (a million by default) on a fresh
 * SQLite file or PostgreSQL database, which it removes afterwards. Not a test: run it by hand, e.g.
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.llmgate.usage.AnalyticsBench \
 *     -Dexec.args="sqlite 1000000"      # or "postgres 1000000"; "sqlite:/tmp/x.db" keeps the file
 * </pre>
 */
public final class AnalyticsBench {

    private static final int RUNS = 5;

    public static void main(String[] args) throws Exception {
        String engine = args.length > 0 ? args[0] : "sqlite";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Instant start = Instant.parse("2026-10-01T00:00:00Z");
        Duration span = Duration.ofDays(30);
        try (TestDatabase db = open(engine)) {
            System.out.printf("%s, %,d records over %d days%n", db.description(), count, span.toDays());
            UsageStore store = new UsageStore(db.database());
            UsageGenerator generator = new UsageGenerator(42, start, span, count);
            long began = System.nanoTime();
            List<UsageRecord> batch = new ArrayList<>(5_000);
            while (generator.hasNext()) {
                batch.add(generator.next());
                if (batch.size() == 5_000 || !generator.hasNext()) {
                    store.insert(batch);
                    batch.clear();
                }
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            if (count > 0) {
                System.out.printf("insert: %.1f s (%,.0f records/s, batches of 5,000)%n", seconds, count / seconds);
            }
            try (Connection connection = db.database().dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE"); // statistics, as PostgreSQL's autovacuum would gather them
            }
            UsageAnalytics analytics = new UsageAnalytics(db.database());
            Instant end = start.plus(span).plusSeconds(1);
            time("report, whole 30 days", () -> analytics.report(start, end));
            time("report, last 7 days", () -> analytics.report(end.minus(Duration.ofDays(7)), end));
            time("report, last day", () -> analytics.report(end.minus(Duration.ofDays(1)), end));
            time("list, newest 50", () -> store.list(UsageQuery.latest(50)));
            time("list, one user's newest 50", () -> store.list(
                    new UsageQuery(null, null, null, "user-7", null, null, 50, 0, null)));
            time("list, model + status, 30 days", () -> store.list(
                    new UsageQuery(start, end, "gpt-5", null, null, "error", 50, 0, null)));
            time("list, page at offset 100,000", () -> store.list(
                    new UsageQuery(null, null, null, null, null, null, 50, 100_000, null)));
            time("get by request id", () -> store.find("req_" + Long.toHexString(0x1000_0000L + count / 2)));
            UsageReport report = analytics.report(start, end);
            System.out.printf("check: %,d requests, $%.2f, %d models, %d users listed, %d days%n",
                    report.totals().requests(), report.totals().cost(), report.byModel().size(),
                    report.byUser().size(), report.daily().size());
        }
    }

    private static TestDatabase open(String engine) {
        if (engine.startsWith("sqlite:")) {
            String url = "jdbc:" + engine;
            return new TestDatabase(Database.open(new DatabaseConfig(url, null, null, null), null), url, () -> { });
        }
        return engine.equals("postgres") ? TestDatabases.postgres() : TestDatabases.sqlite();
    }

    private static void time(String label, Callable<?> work) throws Exception {
        work.call(); // warm caches and the JIT once
        long[] millis = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long began = System.nanoTime();
            work.call();
            millis[i] = (System.nanoTime() - began) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.printf("%-32s median %5d ms (min %d, max %d)%n", label, millis[RUNS / 2], millis[0], millis[RUNS - 1]);
    }
}
