package dev.llmgate.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmgate.chat.Extras;
import dev.llmgate.chat.Usage;
import dev.llmgate.observe.Metrics;
import dev.llmgate.store.TestDatabases.TestDatabase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The usage table on a real store: what goes in comes out, the listing's filters and pages, retention, and
 * the report checked against the same sums computed here from the records. Run on SQLite
 * ({@code UsageStoreTest}) and PostgreSQL ({@code UsageStorePostgresIT}).
 */
abstract class UsageStoreContract {

    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

    TestDatabase db;
    UsageStore store;

    abstract TestDatabase open();

    @BeforeEach
    void openStore() {
        db = open();
        store = new UsageStore(db.database());
    }

    @AfterEach
    void closeStore() throws Exception {
        if (db != null) { // null when the store is not there and the test was skipped
            db.close();
        }
    }

    @Test
    void aRecordComesBackAsItWentIn() throws Exception {
        UsageRecord record = new UsageRecord("req_full", START.plusMillis(1234),
                new UsageRecord.Caller("key-1", "alice", "session-9", List.of("prod", "web"), "client-own-id-7"),
                new UsageRecord.Served("claude-sonnet-5", "claude-sonnet-5", "anthropic", "anthropic",
                        "anthropic/claude-sonnet-5", 2, true),
                UsageRecord.Outcome.clientClosed(), new Usage(1532, 33, 1111, 418, 7, Extras.NONE),
                new Cost(new BigDecimal("0.000009"), new BigDecimal("0.000495"), new BigDecimal("0.0019008"),
                        new BigDecimal("0.0024048"), "USD", "2026-11-23"),
                new UsageRecord.Timings(812.5, 95.25, 0.084), new UsageRecord.CacheUse(false, null),
                new BigDecimal("0.0031"));
        UsageRecord unpriced = new UsageRecord("req_bare", START, null,
                new UsageRecord.Served("nope/model", null, null, null, null, 0, false),
                UsageRecord.Outcome.error(404, "model_not_found"), null, Cost.unknown("2026-11-23"), null, null, null);

        store.insert(List.of(record, unpriced));

        assertThat(store.find("req_full")).get().usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(record);
        assertThat(store.find("req_bare")).get().usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(unpriced);
        assertThat(store.find("req_missing")).isEmpty();
    }

    @Test
    void aReusedRequestIdFindsTheLatest() throws Exception {
        List<UsageRecord> records = generate(2, Duration.ofMinutes(1));
        store.insert(List.of(withId(records.get(1), "req_same"), withId(records.get(0), "req_same")));

        assertThat(store.find("req_same")).get().extracting(UsageRecord::time).isEqualTo(records.get(1).time());
    }

    @Test
    void listsNewestFirstAndPagesByCursorAndByOffsetAlike() throws Exception {
        List<UsageRecord> records = generate(230, Duration.ofHours(5));
        store.insert(records);

        List<String> byCursor = new ArrayList<>();
        String cursor = null;
        do {
            UsagePage page = store.list(new UsageQuery(null, null, null, null, null, null, 50, 0, cursor));
            page.records().forEach(r -> byCursor.add(r.requestId()));
            cursor = page.nextCursor();
        } while (cursor != null);
        List<String> byOffset = new ArrayList<>();
        for (int offset = 0; offset < 300; offset += 50) {
            store.list(new UsageQuery(null, null, null, null, null, null, 50, offset, null)).records()
                    .forEach(r -> byOffset.add(r.requestId()));
        }

        List<String> newestFirst = records.stream().sorted(Comparator.comparing(UsageRecord::time).reversed())
                .map(UsageRecord::requestId).toList();
        assertThat(byCursor).containsExactlyElementsOf(newestFirst);
        assertThat(byOffset).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void filtersByTimeModelUserKeyAndStatus() throws Exception {
        List<UsageRecord> records = generate(400, Duration.ofHours(10));
        store.insert(records);
        Instant from = START.plus(Duration.ofHours(2));
        Instant to = START.plus(Duration.ofHours(6));

        assertThat(ids(new UsageQuery(from, to, null, null, null, null, 1000, 0, null)))
                .isEqualTo(expected(records, r -> !r.time().isBefore(from) && r.time().isBefore(to)));
        assertThat(ids(new UsageQuery(null, null, "gpt-5", null, null, null, 1000, 0, null)))
                .isEqualTo(expected(records, r -> "gpt-5".equals(r.served().model())));
        String user = records.stream().map(r -> r.caller().userId()).filter(Objects::nonNull).findFirst().orElseThrow();
        assertThat(ids(new UsageQuery(null, null, null, user, "key-3", null, 1000, 0, null)))
                .isEqualTo(expected(records, r -> user.equals(r.caller().userId()) && "key-3".equals(r.caller().apiKeyId())));
        assertThat(ids(new UsageQuery(null, null, null, null, null, "error", 1000, 0, null)))
                .isEqualTo(expected(records, r -> r.outcome().status() == UsageRecord.Status.ERROR)).isNotEmpty();
        assertThat(ids(new UsageQuery(null, null, null, null, null, "429", 1000, 0, null)))
                .isEqualTo(expected(records, r -> r.outcome().httpStatus() == 429)).isNotEmpty();
        assertThatThrownBy(() -> store.list(new UsageQuery(null, null, null, null, null, "broken", 10, 0, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status");
    }

    @Test
    void deletesInBatchesOnlyWhatIsOlderThanTheCutoff() throws Exception {
        List<UsageRecord> records = generate(120, Duration.ofDays(4));
        store.insert(records);
        Instant cutoff = START.plus(Duration.ofDays(1));
        long old = records.stream().filter(r -> r.time().isBefore(cutoff)).count();

        assertThat(store.deleteOlderThan(cutoff, 7)).isEqualTo(7);
        Clock now = Clock.fixed(cutoff.plus(Duration.ofDays(30)), ZoneOffset.UTC);
        Metrics metrics = new Metrics();
        // batches of 4: the loop runs until a batch comes back short, never loading a row
        long deleted = new UsageRetention(store, Duration.ofDays(30), now, metrics).deleteExpired(4);

        assertThat(old - 7).as("several batches' worth").isGreaterThan(3 * 4);
        assertThat(deleted).isEqualTo(old - 7);
        assertThat(metrics.counter("llmgate.usage.records.expired", "").count()).isEqualTo(deleted);
        assertThat(ids(new UsageQuery(null, null, null, null, null, null, 1000, 0, null)))
                .isEqualTo(expected(records, r -> !r.time().isBefore(cutoff)));
        UsageAnalytics analytics = new UsageAnalytics(db.database());
        assertThat(analytics.report(START, cutoff).totals().requests()).as("the deleted days' sums went too").isZero();
        assertThat(analytics.report(cutoff, START.plus(Duration.ofDays(4))).totals().requests())
                .isEqualTo(records.size() - old);
    }

    @Test
    void theReportAddsUpWhatTheRecordsSay() throws Exception {
        List<UsageRecord> records = generate(3_000, Duration.ofDays(10));
        for (int i = 0; i < records.size(); i += 500) {
            store.insert(records.subList(i, Math.min(records.size(), i + 500)));
        }
        // a range that starts and ends inside a day
        Instant from = START.plus(Duration.ofHours(30));
        Instant to = START.plus(Duration.ofHours(200));
        List<UsageRecord> in = records.stream().filter(r -> !r.time().isBefore(from) && r.time().isBefore(to)).toList();

        UsageReport report = new UsageAnalytics(db.database()).report(from, to);

        UsageReport.Totals totals = report.totals();
        assertThat(totals.requests()).isEqualTo(in.size());
        assertThat(totals.errors()).isEqualTo(in.stream().filter(r -> r.outcome().status() != UsageRecord.Status.SUCCESS).count());
        assertThat(totals.tokens().input()).isEqualTo(in.stream().mapToLong(r -> r.tokens().input()).sum());
        assertThat(totals.tokens().output()).isEqualTo(in.stream().mapToLong(r -> r.tokens().output()).sum());
        assertThat(totals.tokens().cacheRead()).isEqualTo(in.stream().mapToLong(r -> r.tokens().cacheRead()).sum());
        assertThat(totals.tokens().cacheWrite()).isEqualTo(in.stream().mapToLong(r -> r.tokens().cacheWrite()).sum());
        assertThat(totals.tokens().reasoning()).isEqualTo(in.stream().mapToLong(r -> r.tokens().reasoning()).sum());
        assertThat(totals.cost()).isCloseTo(sum(in, r -> r.cost().total()), within(1e-9));
        assertThat(totals.unpricedRequests()).isEqualTo(in.stream().filter(r -> !r.cost().known()).count()).isPositive();
        assertThat(totals.cacheHits()).isEqualTo(in.stream().filter(r -> r.cache().hit()).count()).isPositive();
        assertThat(totals.cacheHitRate()).isCloseTo((double) totals.cacheHits() / in.size(), within(1e-12));
        assertThat(report.cache().costSaved()).isCloseTo(sum(in, r -> r.cache().costSaved()), within(1e-9)).isPositive();

        List<UsageRecord> routed = in.stream().filter(r -> r.mostExpensiveRouteCost() != null && r.cost().known()
                && !r.cache().hit()).toList();
        assertThat(report.routing().requests()).isEqualTo(routed.size());
        assertThat(report.routing().saved()).isCloseTo(sum(routed, UsageRecord::mostExpensiveRouteCost)
                - sum(routed, r -> r.cost().total()), within(1e-9)).isPositive();

        assertGroups(report.byModel(), in, r -> r.served().model());
        assertGroups(report.byPlatform(), in, r -> r.served().platform());
        assertThat(report.byUser()).hasSize(UsageAnalytics.GROUP_LIMIT);
        Map<String, List<UsageRecord>> users = in.stream().collect(Collectors.groupingBy(r -> key(r.caller().userId())));
        for (UsageReport.Group user : report.byUser()) {
            List<UsageRecord> mine = users.get(key(user.key()));
            assertThat(user.requests()).as(user.key()).isEqualTo(mine.size());
            assertThat(user.cost()).as(user.key()).isCloseTo(sum(mine, r -> r.cost().total()), within(1e-9));
        }
        double smallestListed = report.byUser().getLast().cost();
        assertThat(users.values().stream().filter(list -> sum(list, r -> r.cost().total()) > smallestListed + 1e-9))
                .as("every user dearer than the last one listed is listed").hasSizeLessThanOrEqualTo(report.byUser().size());

        Map<LocalDate, List<UsageRecord>> days = in.stream().collect(Collectors.groupingBy(
                r -> LocalDate.ofInstant(r.time(), ZoneOffset.UTC)));
        assertThat(report.daily()).extracting(UsageReport.Day::date).containsExactlyElementsOf(days.keySet().stream().sorted().toList());
        for (UsageReport.Day day : report.daily()) {
            List<UsageRecord> those = days.get(day.date());
            assertThat(day.requests()).isEqualTo(those.size());
            assertThat(day.tokens()).isEqualTo(those.stream().mapToLong(r -> r.tokens().total()).sum());
            assertThat(day.cost()).isCloseTo(sum(those, r -> r.cost().total()), within(1e-9));
        }
    }

    @Test
    void wholeDaysAndPartDaysAddUpAlike() throws Exception {
        List<UsageRecord> records = generate(600, Duration.ofDays(3));
        store.insert(records.subList(0, 300));
        store.insert(records.subList(300, 600)); // the same days' sums are merged, not replaced
        UsageAnalytics analytics = new UsageAnalytics(db.database());

        Instant noon = START.plus(Duration.ofHours(12));
        Instant end = START.plus(Duration.ofDays(3));
        UsageReport whole = analytics.report(START, end);          // three days of daily sums
        UsageReport morning = analytics.report(START, noon);       // within a day: all from the records
        UsageReport rest = analytics.report(noon, end);            // half a day of records, then two days of sums

        assertThat(whole.totals().requests()).isEqualTo(600);
        assertThat(morning.totals().requests() + rest.totals().requests()).isEqualTo(600);
        assertThat(morning.totals().requests()).isPositive();
        assertThat(morning.totals().tokens().input() + rest.totals().tokens().input())
                .isEqualTo(whole.totals().tokens().input());
        assertThat(morning.totals().cost() + rest.totals().cost()).isCloseTo(whole.totals().cost(), within(1e-9));
        assertThat(morning.routing().saved() + rest.routing().saved()).isCloseTo(whole.routing().saved(), within(1e-9));
        assertThat(morning.totals().unpricedRequests() + rest.totals().unpricedRequests())
                .isEqualTo(whole.totals().unpricedRequests());
    }

    @Test
    void anEmptyRangeReportsZeros() throws Exception {
        UsageReport report = new UsageAnalytics(db.database()).report(START, START.plusSeconds(60));

        assertThat(report.totals().requests()).isZero();
        assertThat(report.totals().cost()).isZero();
        assertThat(report.totals().cacheHitRate()).isZero();
        assertThat(report.byModel()).isEmpty();
        assertThat(report.daily()).isEmpty();
    }

    private void assertGroups(List<UsageReport.Group> groups, List<UsageRecord> records,
                              Function<UsageRecord, String> key) {
        Map<String, List<UsageRecord>> expected = records.stream().collect(Collectors.groupingBy(r -> key(key.apply(r))));
        assertThat(groups).extracting(g -> key(g.key())).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (UsageReport.Group group : groups) {
            List<UsageRecord> mine = expected.get(key(group.key()));
            assertThat(group.requests()).isEqualTo(mine.size());
            assertThat(group.inputTokens()).isEqualTo(mine.stream().mapToLong(r -> r.tokens().input()).sum());
            assertThat(group.outputTokens()).isEqualTo(mine.stream().mapToLong(r -> r.tokens().output()).sum());
            assertThat(group.cost()).isCloseTo(sum(mine, r -> r.cost().total()), within(1e-9));
        }
        assertThat(groups).extracting(UsageReport.Group::cost).isSortedAccordingTo(Comparator.reverseOrder());
    }

    private static String key(String value) {
        return value == null ? "" : value;
    }

    private static double sum(List<UsageRecord> records, Function<UsageRecord, BigDecimal> amount) {
        return records.stream().map(amount).filter(Objects::nonNull).mapToDouble(BigDecimal::doubleValue).sum();
    }

    private Set<String> ids(UsageQuery query) throws Exception {
        return new HashSet<>(store.list(query).records().stream().map(UsageRecord::requestId).toList());
    }

    private static Set<String> expected(List<UsageRecord> records, java.util.function.Predicate<UsageRecord> test) {
        return records.stream().filter(test).map(UsageRecord::requestId).collect(Collectors.toSet());
    }

    static List<UsageRecord> generate(int count, Duration span) {
        UsageGenerator generator = new UsageGenerator(7, START, span, count);
        List<UsageRecord> records = new ArrayList<>(count);
        while (generator.hasNext()) {
            records.add(generator.next());
        }
        return records;
    }

    private static UsageRecord withId(UsageRecord record, String id) {
        return new UsageRecord(id, record.time(), record.caller(), record.served(), record.outcome(), record.tokens(),
                record.cost(), record.timings(), record.cache(), record.mostExpensiveRouteCost());
    }
}
