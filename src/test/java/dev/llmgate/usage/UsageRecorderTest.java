package dev.llmgate.usage;

import dev.llmgate.chat.GatewayException;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.observe.Metrics;
import dev.llmgate.store.TestDatabases;
import dev.llmgate.store.TestDatabases.TestDatabase;
import io.vertx.core.Future;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The recorder's promises: batches, nothing lost on close, callers wait when the queue is full, retries. */
@Timeout(60) // a safety net against a hang, not an assertion: every wait below is on a latch or a future
class UsageRecorderTest {

    private final Metrics metrics = new Metrics();
    private final List<UsageRecord> records = UsageStoreContract.generate(1_000, Duration.ofHours(1));

    @Test
    void writesWhatIsQueuedInBatchesOfAtMostTheBatchSize() throws Exception {
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        List<UsageRecord> written = Collections.synchronizedList(new ArrayList<>());
        UsageRecorder recorder = UsageRecorder.start(batch -> {
            sizes.add(batch.size());
            firstWriteStarted.countDown();
            await(release);
            written.addAll(batch);
        }, settings(1_000, 10, Duration.ZERO), metrics);

        recorder.offer(records.get(0));
        firstWriteStarted.await();
        for (UsageRecord record : records.subList(1, 101)) {
            assertThat(recorder.offer(record).succeeded()).isTrue();
        }
        release.countDown();
        recorder.flush().await();
        recorder.close();

        assertThat(written).containsExactlyElementsOf(records.subList(0, 101));
        assertThat(sizes.getFirst()).isEqualTo(1);
        assertThat(sizes.subList(1, sizes.size())).allSatisfy(size -> assertThat(size).isEqualTo(10)).hasSize(10);
        assertThat(counter("llmgate.usage.batches.written")).isEqualTo(11);
        assertThat(counter("llmgate.usage.records.written")).isEqualTo(101);
    }

    @Test
    void closeWritesEverythingStillQueued() throws Exception {
        try (TestDatabase db = TestDatabases.sqlite()) {
            UsageStore store = new UsageStore(db.database());
            // a flush interval no test waits for: only close() can make these records reach the table
            UsageRecorder recorder = UsageRecorder.start(store::insert, settings(10_000, 10_000, Duration.ofHours(1)),
                    metrics);
            records.forEach(recorder::offer);

            recorder.close();

            assertThat(store.list(UsageQuery.latest(1_000)).records()).hasSize(1_000);
            assertThat(store.list(UsageQuery.latest(1)).nextCursor()).isNotNull();
            assertThat(store.list(new UsageQuery(null, null, null, null, null, null, 1_000, 999, null)).records())
                    .hasSize(1);
            assertThat(counter("llmgate.usage.records.lost")).isZero();
        }
    }

    @Test
    void aFullQueueMakesCallersWaitAndLosesNothing() throws Exception {
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch storeCatchesUp = new CountDownLatch(1);
        List<UsageRecord> written = Collections.synchronizedList(new ArrayList<>());
        UsageRecorder recorder = UsageRecorder.start(batch -> {
            firstWriteStarted.countDown();
            await(storeCatchesUp); // a store slower than the traffic
            written.addAll(batch);
        }, settings(2, 1, Duration.ZERO), metrics);

        List<Future<Void>> offers = new ArrayList<>();
        offers.add(recorder.offer(records.get(0)));
        firstWriteStarted.await(); // the writer holds record 0; the queue (2) is empty
        for (UsageRecord record : records.subList(1, 10)) {
            offers.add(recorder.offer(record));
        }

        assertThat(offers.subList(0, 3)).allSatisfy(offer -> assertThat(offer.succeeded()).isTrue());
        assertThat(offers.subList(3, 10)).allSatisfy(offer -> assertThat(offer.isComplete()).isFalse());
        assertThat(counter("llmgate.usage.backpressure.waits")).isEqualTo(7);
        assertThat(recorder.depth()).isEqualTo(9);
        assertThat(metrics.scrape()).contains("llmgate_usage_queue_depth 9.0");

        storeCatchesUp.countDown();
        for (Future<Void> offer : offers) {
            offer.await();
        }
        recorder.flush().await();
        recorder.close();

        assertThat(written).containsExactlyElementsOf(records.subList(0, 10));
        assertThat(recorder.depth()).isZero();
    }

    @Test
    void aFailedWriteIsRetriedUntilItSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<UsageRecord> written = Collections.synchronizedList(new ArrayList<>());
        UsageRecorder recorder = UsageRecorder.start(batch -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new SQLTransientException("database is locked");
            }
            written.addAll(batch);
        }, settings(100, 100, Duration.ZERO), metrics);

        records.subList(0, 5).forEach(recorder::offer);
        recorder.flush().await();
        recorder.close();

        assertThat(written).containsExactlyInAnyOrderElementsOf(records.subList(0, 5));
        assertThat(counter("llmgate.usage.write.failures")).isGreaterThanOrEqualTo(2);
        assertThat(counter("llmgate.usage.records.lost")).isZero();
    }

    @Test
    void aStoreThatNeverRecoversIsReportedLostAtShutdownNotSilently() throws Exception {
        UsageRecorder recorder = UsageRecorder.start(batch -> {
            throw new SQLException("connection refused");
        }, new RecorderSettings(100, 100, 100, Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(50)), metrics);
        records.subList(0, 3).forEach(recorder::offer);

        recorder.close();

        assertThat(counter("llmgate.usage.records.lost")).isEqualTo(3);
        assertThat(counter("llmgate.usage.write.failures")).isPositive();
    }

    @Test
    void anOfferAfterCloseFailsAndIsCounted() {
        UsageRecorder recorder = UsageRecorder.start(batch -> { }, settings(10, 10, Duration.ZERO), metrics);
        recorder.close();

        Future<Void> late = recorder.offer(records.getFirst());

        assertThat(late.failed()).isTrue();
        assertThat(counter("llmgate.usage.records.lost")).isEqualTo(1);
    }

    @Test
    void aFullQueueMakesNewRequestsWaitAndRefusesThemBeyondTheBound() throws Exception {
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch storeCatchesUp = new CountDownLatch(1);
        List<UsageRecord> written = Collections.synchronizedList(new ArrayList<>());
        UsageRecorder recorder = UsageRecorder.start(batch -> {
            firstWriteStarted.countDown();
            await(storeCatchesUp);
            written.addAll(batch);
        }, new RecorderSettings(2, 3, 1, Duration.ZERO, Duration.ofMillis(1), Duration.ofSeconds(20)), metrics);

        assertThat(recorder.admit().succeeded()).as("room: admitted at once").isTrue();
        recorder.offer(records.get(0));
        firstWriteStarted.await(); // the writer is stuck on record 0
        recorder.offer(records.get(1));
        recorder.offer(records.get(2)); // the queue (2) is full
        Future<Void> heldRecord = recorder.offer(records.get(3)); // a request already in flight: held, never lost
        List<Future<Void>> waiting = List.of(recorder.admit(), recorder.admit());
        Future<Void> refused = recorder.admit(); // held 1 + waiting 2 = max_waiting 3

        assertThat(heldRecord.isComplete()).isFalse();
        assertThat(waiting).allSatisfy(admission -> assertThat(admission.isComplete()).isFalse());
        assertThat(refused.failed()).isTrue();
        assertThat(refused.cause()).isInstanceOf(GatewayException.Unavailable.class);
        assertThat(((GatewayException) refused.cause()).code()).isEqualTo("usage_backlog");
        assertThat(counter("llmgate.usage.backpressure.refused")).isEqualTo(1);
        assertThat(counter("llmgate.usage.backpressure.waits")).isEqualTo(3);
        assertThat(metrics.scrape()).contains("llmgate_usage_backpressure_waiting 3.0");

        storeCatchesUp.countDown();
        heldRecord.await();
        for (Future<Void> admission : waiting) {
            admission.await();
        }
        recorder.flush().await();
        assertThat(recorder.admit().succeeded()).as("caught up: admitted at once again").isTrue();
        recorder.close();

        assertThat(written).containsExactlyElementsOf(records.subList(0, 4));
        assertThat(metrics.scrape()).contains("llmgate_usage_backpressure_waiting 0.0");
    }

    @Test
    void recordsStillBeingBuiltAtCloseAreWritten() throws Exception {
        List<UsageRecord> written = Collections.synchronizedList(new ArrayList<>());
        UsageRecorder recorder = UsageRecorder.start(written::addAll, settings(1_000, 100, Duration.ofHours(1)),
                metrics);
        PendingRecords pending = new PendingRecords(recorder, 2, metrics);
        CountDownLatch building = new CountDownLatch(1);
        for (UsageRecord record : records.subList(0, 50)) {
            pending.offer(() -> {
                building.await(); // counting tokens takes a while; close() comes meanwhile
                return record;
            });
        }

        Thread closer = Thread.ofPlatform().start(() -> {
            pending.close(Duration.ofSeconds(20));
            recorder.close();
        });
        // the builds may finish only once close() is waiting for them
        for (long deadline = System.nanoTime() + 10_000_000_000L;
             closer.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline; ) {
            Thread.sleep(1);
        }
        assertThat(closer.getState()).as("close() waits for the records being built").isEqualTo(
                Thread.State.TIMED_WAITING);
        building.countDown();
        closer.join();

        assertThat(written).containsExactlyInAnyOrderElementsOf(records.subList(0, 50));
        assertThat(counter("llmgate.usage.records.lost")).isZero();
        // after close a record is built on the caller's thread and still reaches the recorder (here: closed, so
        // it is counted lost, loudly, rather than dropped in a pool that no longer runs)
        pending.offer(() -> records.get(50));
        assertThat(counter("llmgate.usage.records.lost")).isEqualTo(1);
    }

    private static RecorderSettings settings(int capacity, int batch, Duration flush) {
        return new RecorderSettings(capacity, capacity, batch, flush, Duration.ofMillis(1), Duration.ofSeconds(20));
    }

    private double counter(String name) {
        return metrics.counter(name, "").count();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
