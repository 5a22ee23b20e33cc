package dev.llmgate.usage;

import dev.llmgate.observe.Metrics;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that take work to build (tokens counted because the upstream reported none: a stream cut short, a
 * client that left), built on threads the usage feature owns, off the event loop, then offered to the
 * recorder. The threads belong here rather than to Vert.x because a shutdown closes Vert.x's workers before the
 * recorder drains: {@link #close} waits for every record still being built, and the recorder closes after.
 */
public final class PendingRecords {

    private static final Logger LOG = LoggerFactory.getLogger(PendingRecords.class);

    private final UsageRecorder recorder;
    private final ExecutorService threads;
    private final AtomicInteger building = new AtomicInteger();
    private final Counter lost;

    public PendingRecords(UsageRecorder recorder, int threadCount, Metrics metrics) {
        this.recorder = recorder;
        AtomicInteger names = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(threadCount, runnable -> {
            Thread thread = new Thread(runnable, "llmgate-usage-count-" + names.incrementAndGet());
            thread.setDaemon(true); // close() drains it; a forgotten close must not keep the JVM up
            return thread;
        });
        this.lost = metrics.counter("llmgate.usage.records.lost",
                "Usage records not written (the log names their request ids): the store still failed when the shutdown"
                        + " drain ran out of time, or a record could not be built");
        metrics.gauge("llmgate.usage.records.building", "Usage records being built (tokens counted)", building::get);
    }

    /**
     * Builds the record with {@code build} on this feature's threads and offers it; the future completes (on
     * the caller's Vert.x context, if any) once the recorder took it. After {@link #close} the record is built
     * on the calling thread instead, so none is lost to the ordering of a shutdown.
     */
    public Future<Void> offer(Callable<UsageRecord> build) {
        Promise<Void> queued = Promise.promise();
        Context context = Vertx.currentContext();
        building.incrementAndGet();
        try {
            threads.execute(() -> buildAndOffer(build, queued, context));
        } catch (RejectedExecutionException closed) {
            buildAndOffer(build, queued, null);
        }
        return queued.future();
    }

    private void buildAndOffer(Callable<UsageRecord> build, Promise<Void> queued, Context context) {
        Future<Void> offered;
        try {
            offered = recorder.offer(build.call());
        } catch (Exception | LinkageError e) {
            lost.increment();
            LOG.error("a usage record could not be built; it is not written", e);
            offered = Future.failedFuture(e);
        } finally {
            building.decrementAndGet();
        }
        offered.onComplete(ar -> UsageRecorder.completeOn(context, queued, ar));
    }

    /** Waits (at most {@code timeout}) until every record being built was offered; new ones are built inline. */
    public void close(Duration timeout) {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                LOG.error("{} usage records were still being built after {} ms; they may be lost", building.get(),
                        timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
