package dev.llmgate.usage;

import dev.llmgate.observe.Metrics;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes usage records off the response path and writes them in batches, one transaction each, on its own
 * thread. Nothing is dropped: when the queue is full the record is held and the caller's future completes
 * once there is room (the backpressure is counted and logged); a failed write is retried; {@link #close}
 * writes everything still queued before it returns.
 */
public final class UsageRecorder implements AutoCloseable {

    /** Where batches go: all of a batch or none of it, an exception when none. */
    @FunctionalInterface
    public interface BatchWriter {
        void write(List<UsageRecord> batch) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);
    private static final Future<Void> ACCEPTED = Future.succeededFuture();
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final BatchWriter writer;
    private final RecorderSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the writer may have work: a first record, a full batch, a flush, the close. */
    private final Condition wake = lock.newCondition();
    private final ArrayDeque<UsageRecord> queue = new ArrayDeque<>();
    /** Records that found the queue full, with their callers' futures, in arrival order. */
    private final ArrayDeque<Waiter> held = new ArrayDeque<>();
    private final List<Waiter> flushes = new ArrayList<>();
    private long offered;
    private long processed;
    private boolean closing;
    private long drainDeadline;
    private volatile int depth;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final Thread thread;

    private final Counter written;
    private final Counter batches;
    private final Counter failures;
    private final Counter waits;
    private final Counter lost;

    private UsageRecorder(BatchWriter writer, RecorderSettings settings, Metrics metrics) {
        this.writer = writer;
        this.settings = settings;
        this.written = metrics.counter("llmgate.usage.records.written", "Usage records written to the store");
        this.batches = metrics.counter("llmgate.usage.batches.written", "Batches (transactions) of usage records");
        this.failures = metrics.counter("llmgate.usage.write.failures", "Failed batch writes (each is retried)");
        this.waits = metrics.counter("llmgate.usage.backpressure.waits",
                "Records that found the queue full: their callers waited for room");
        this.lost = metrics.counter("llmgate.usage.records.lost",
                "Records not written: the store still failed when the shutdown drain ran out of time");
        metrics.gauge("llmgate.usage.queue.depth", "Usage records waiting to be written", () -> depth);
        this.thread = new Thread(this::run, "llmgate-usage-writer");
        // daemon: a forgotten close() must not keep the JVM up; the shutdown hook closes it on SIGTERM
        this.thread.setDaemon(true);
        this.thread.setUncaughtExceptionHandler((t, e) -> LOG.error(
                "the usage writer stopped on an unexpected error: usage records are no longer written", e));
    }

    /** A recorder writing to {@code writer}, its thread started. */
    public static UsageRecorder start(BatchWriter writer, RecorderSettings settings, Metrics metrics) {
        UsageRecorder recorder = new UsageRecorder(writer, settings, metrics);
        recorder.thread.start();
        return recorder;
    }

    /**
     * Queues a record. The future is already complete while the queue has room; when it is full the record
     * is held (never dropped) and the future completes once it is queued: a caller that waits for it before
     * taking more work pushes back on its clients. Completion runs on the caller's Vert.x context, if any.
     * Fails only after {@link #close}.
     */
    public Future<Void> offer(UsageRecord record) {
        Objects.requireNonNull(record, "record");
        Promise<Void> promise;
        lock.lock();
        try {
            if (closing) {
                lost.increment();
                LOG.error("usage record for request {} arrived after the recorder closed; it is not written",
                        record.requestId());
                return Future.failedFuture(new IllegalStateException("the usage recorder is closed"));
            }
            offered++;
            if (held.isEmpty() && queue.size() < settings.queueCapacity()) {
                queue.addLast(record);
                depth = queue.size() + held.size();
                if (queue.size() == 1 || queue.size() >= settings.batchSize()) {
                    wake.signal();
                }
                return ACCEPTED;
            }
            promise = Promise.promise();
            held.addLast(new Waiter(record, 0, promise, Vertx.currentContext()));
            depth = queue.size() + held.size();
        } finally {
            lock.unlock();
        }
        waits.increment();
        warnOfBackpressure();
        return promise.future();
    }

    /** Whether an offer made now would be accepted at once (the queue has room and nothing is held). */
    public boolean hasRoom() {
        return depth < settings.queueCapacity();
    }

    /** Completes when every record offered before this call is written (or, at shutdown, given up). */
    public Future<Void> flush() {
        lock.lock();
        try {
            if (processed >= offered) {
                return ACCEPTED;
            }
            Promise<Void> promise = Promise.promise();
            flushes.add(new Waiter(null, offered, promise, Vertx.currentContext()));
            wake.signal();
            return promise.future();
        } finally {
            lock.unlock();
        }
    }

    /** Records waiting to be written (queued or held). */
    public int depth() {
        return depth;
    }

    /** Writes everything queued, then stops the writer; blocks until then (or the drain timeout). */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!closing) {
                closing = true;
                drainDeadline = System.nanoTime() + settings.drainTimeout().toNanos();
                wake.signalAll();
            }
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        long joinMillis = settings.drainTimeout().toMillis() + MAX_BACKOFF_NANOS / 1_000_000 + 1_000;
        while (thread.isAlive()) {
            try {
                thread.join(joinMillis);
                break;
            } catch (InterruptedException e) {
                interrupted = true; // finish the drain; the interrupt is restored below
            }
        }
        if (thread.isAlive()) {
            LOG.error("the usage writer did not finish within {} ms; {} records were not written", joinMillis, depth);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            List<UsageRecord> batch;
            List<Waiter> admitted;
            lock.lock();
            try {
                while (queue.isEmpty() && !closing) {
                    wake.awaitUninterruptibly();
                }
                if (queue.isEmpty()) {
                    break; // closing, and nothing left: held records are admitted as the queue empties
                }
                fillBatch();
                batch = new ArrayList<>(Math.min(queue.size(), settings.batchSize()));
                while (batch.size() < settings.batchSize() && !queue.isEmpty()) {
                    batch.add(queue.pollFirst());
                }
                admitted = new ArrayList<>();
                while (!held.isEmpty() && queue.size() < settings.queueCapacity()) {
                    Waiter waiter = held.pollFirst();
                    queue.addLast(waiter.record());
                    admitted.add(waiter);
                }
                depth = queue.size() + held.size();
            } finally {
                lock.unlock();
            }
            admitted.forEach(Waiter::complete);
            write(batch);
            finished(batch.size());
        }
    }

    /** A fuller batch is a cheaper write: waits a little for one, unless someone waits for the data. */
    private void fillBatch() {
        long deadline = System.nanoTime() + settings.flushInterval().toNanos();
        long remaining;
        while (queue.size() < settings.batchSize() && !closing && flushes.isEmpty()
                && (remaining = deadline - System.nanoTime()) > 0) {
            awaitNanos(remaining);
        }
    }

    /**
     * Waits on {@link #wake} (lock held). Only {@link #close} stops this thread; an interrupt from elsewhere
     * must not cost records, so it ends this wait and is otherwise ignored, with a warning.
     */
    private void awaitNanos(long nanos) {
        try {
            wake.awaitNanos(nanos);
        } catch (InterruptedException e) {
            LOG.warn("the usage writer was interrupted; it keeps writing until close()");
        }
    }

    /** Writes one batch, retrying with backoff until it succeeds or, at shutdown, the drain time is up. */
    private void write(List<UsageRecord> batch) {
        long backoff = settings.retryBackoff().toNanos();
        while (true) {
            try {
                writer.write(batch);
                written.increment(batch.size());
                batches.increment();
                return;
            } catch (SQLException | RuntimeException e) {
                failures.increment();
                if (drainExpired()) {
                    lost.increment(batch.size());
                    LOG.error("gave up on {} usage records at shutdown: the store still fails ({}); request ids: {}",
                            batch.size(), e.toString(), batch.stream().map(UsageRecord::requestId).toList());
                    return;
                }
                if (backoff == settings.retryBackoff().toNanos()) {
                    LOG.warn("writing {} usage records failed; retrying", batch.size(), e);
                } else {
                    LOG.warn("writing {} usage records failed again ({}); retrying in {} ms", batch.size(), e,
                            backoff / 1_000_000);
                }
                pause(backoff);
                backoff = Math.min(backoff * 2, Math.max(MAX_BACKOFF_NANOS, settings.retryBackoff().toNanos()));
            }
        }
    }

    private boolean drainExpired() {
        lock.lock();
        try {
            return closing && System.nanoTime() - drainDeadline >= 0;
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps {@code nanos}, or until the drain deadline if the recorder is closing by then. */
    private void pause(long nanos) {
        long until = System.nanoTime() + nanos;
        lock.lock();
        try {
            long remaining;
            while ((remaining = (closing ? Math.min(until, drainDeadline) : until) - System.nanoTime()) > 0) {
                awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    private void finished(int count) {
        List<Waiter> done = new ArrayList<>();
        lock.lock();
        try {
            processed += count;
            flushes.removeIf(waiter -> {
                if (waiter.target() <= processed) {
                    done.add(waiter);
                    return true;
                }
                return false;
            });
        } finally {
            lock.unlock();
        }
        done.forEach(Waiter::complete);
    }

    private void warnOfBackpressure() {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("usage records arrive faster than the store takes them: {} waiting (queue capacity {});"
                    + " callers wait for room, none is dropped (metric llmgate_usage_backpressure_waits_total)",
                    depth, settings.queueCapacity());
        }
    }

    /** A caller waiting: for room for its record, or (record null) for everything up to {@code target} to be written. */
    private record Waiter(UsageRecord record, long target, Promise<Void> promise, Context context) {
        void complete() {
            if (context == null) {
                promise.complete();
            } else {
                context.runOnContext(v -> promise.complete());
            }
        }
    }
}
