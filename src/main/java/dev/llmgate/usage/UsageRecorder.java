package dev.llmgate.usage;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.observe.Metrics;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.sql.SQLException;
import java.time.Duration;
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
 * thread. Nothing is dropped silently. Backpressure works at two points: a new request is {@linkplain #admit
 * admitted} only while the queue has room (else it waits for room, before any upstream is called), and a
 * record that finds the queue full is held until there is room. What waits (held records and waiting
 * requests) is bounded by {@code maxWaiting}: past it new requests are refused, so a store that stays slow
 * cannot fill the heap. Waits and refusals are counted and logged; a failed write is retried; {@link #close}
 * writes everything still queued before it returns.
 */
public final class UsageRecorder implements AutoCloseable {

    /** How long a refused client is asked to wait before trying again. */
    private static final Duration RETRY_BACKLOGGED = Duration.ofSeconds(1);

    /** Where batches go: all of a batch or none of it, an exception when none. */
    @FunctionalInterface
    public interface BatchWriter {
        void write(List<UsageRecord> batch) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);
    private static final Future<Void> ACCEPTED = Future.succeededFuture();
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How long past the drain deadline close() waits for the last write to return. */
    private static final long JOIN_MARGIN_MILLIS = 500;

    private final BatchWriter writer;
    private final RecorderSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the writer may have work: a first record, a full batch, a flush, the close. */
    private final Condition wake = lock.newCondition();
    private final ArrayDeque<UsageRecord> queue = new ArrayDeque<>();
    /** Records that found the queue full, with their callers' futures, in arrival order. */
    private final ArrayDeque<Waiter> held = new ArrayDeque<>();
    /** Requests waiting to be admitted (record null), in arrival order. */
    private final ArrayDeque<Waiter> admissions = new ArrayDeque<>();
    private final List<Waiter> flushes = new ArrayList<>();
    private long offered;
    private long processed;
    private boolean closing;
    private long drainDeadline;
    private volatile int depth;
    /** Held records plus waiting requests: what {@code maxWaiting} bounds. */
    private volatile int waiting;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final AtomicLong lastRefusalWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final Thread thread;

    private final Counter written;
    private final Counter batches;
    private final Counter failures;
    private final Counter waits;
    private final Counter refused;
    private final Counter lost;

    private UsageRecorder(BatchWriter writer, RecorderSettings settings, Metrics metrics) {
        this.writer = writer;
        this.settings = settings;
        this.written = metrics.counter("llmgate.usage.records.written", "Usage records written to the store");
        this.batches = metrics.counter("llmgate.usage.batches.written", "Batches (transactions) of usage records");
        this.failures = metrics.counter("llmgate.usage.write.failures", "Failed batch writes (each is retried)");
        this.waits = metrics.counter("llmgate.usage.backpressure.waits",
                "Records and requests that found the usage queue full and waited for room");
        this.refused = metrics.counter("llmgate.usage.backpressure.refused",
                "Requests answered 503 before any upstream call: usage.max_waiting records and requests were waiting");
        this.lost = metrics.counter("llmgate.usage.records.lost",
                "Usage records not written (the log names their request ids): the store still failed when the shutdown"
                        + " drain ran out of time, or a record could not be built");
        metrics.gauge("llmgate.usage.queue.depth", "Usage records waiting to be written", () -> depth);
        metrics.gauge("llmgate.usage.backpressure.waiting",
                "Records held and requests waiting because the usage queue is full", () -> waiting);
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
                depth = queue.size();
                if (queue.size() == 1 || queue.size() >= settings.batchSize()) {
                    wake.signal();
                }
                return ACCEPTED;
            }
            promise = Promise.promise();
            held.addLast(new Waiter(record, 0, promise, Vertx.currentContext()));
            counted();
        } finally {
            lock.unlock();
        }
        waits.increment();
        warnOfBackpressure();
        return promise.future();
    }

    /**
     * Admits a new request: at once while the queue has room; else the future completes once there is room
     * (the request waits before calling any upstream); or, when {@code maxWaiting} records and requests already
     * wait, fails with {@link Backlogged} (the request is refused). Completion runs on the caller's Vert.x
     * context, if any.
     */
    public Future<Void> admit() {
        if (depth < settings.queueCapacity() && waiting == 0) {
            return ACCEPTED;
        }
        Promise<Void> promise = null;
        int backlog = 0;
        lock.lock();
        try {
            if (closing || queue.size() + held.size() < settings.queueCapacity() && admissions.isEmpty()) {
                return ACCEPTED; // closing: the listeners are stopped, what is in flight finishes
            }
            if (held.size() + admissions.size() >= settings.maxWaiting()) {
                backlog = waiting;
            } else {
                promise = Promise.promise();
                admissions.addLast(new Waiter(null, 0, promise, Vertx.currentContext()));
                counted();
            }
        } finally {
            lock.unlock();
        }
        if (promise == null) { // refused: the message and the warning are made outside the lock
            refused.increment();
            warnOfRefusal();
            return Future.failedFuture(new GatewayException.Unavailable("The gateway is refusing new requests for"
                    + " now: its usage store is slow and " + backlog + " requests and records are waiting for it."
                    + " Retry shortly.", "usage_backlog", RETRY_BACKLOGGED));
        }
        waits.increment();
        warnOfBackpressure();
        return promise.future();
    }

    /** Whether an offer made now would be accepted at once (the queue has room and nothing is held). */
    public boolean hasRoom() {
        return depth < settings.queueCapacity();
    }

    /** Updates the gauges' figures (lock held). */
    private void counted() {
        depth = queue.size() + held.size();
        waiting = held.size() + admissions.size();
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

    /** Writes everything queued, then stops the writer; blocks until then, at most the drain timeout. */
    @Override
    public void close() {
        close(settings.drainTimeout());
    }

    /**
     * Writes everything queued, then stops the writer; blocks until then, at most {@code timeout} (plus a
     * write already under way, which cannot be cut short). Requests still waiting to be admitted are let in.
     */
    public void close(Duration timeout) {
        List<Waiter> released;
        lock.lock();
        try {
            released = new ArrayList<>(admissions);
            admissions.clear();
            if (!closing) {
                closing = true;
                drainDeadline = System.nanoTime() + timeout.toNanos();
                wake.signalAll();
            }
            counted();
        } finally {
            lock.unlock();
        }
        released.forEach(Waiter::complete);
        boolean interrupted = false;
        long joinMillis = Math.max(1, timeout.toMillis() + JOIN_MARGIN_MILLIS);
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
                // each admitted request brings one record later: let in as many as there is room for now
                for (int room = settings.queueCapacity() - queue.size() - held.size();
                     room > 0 && !admissions.isEmpty(); room--) {
                    admitted.add(admissions.pollFirst());
                }
                counted();
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
            LOG.warn("usage records arrive faster than the store takes them: {} queued (queue capacity {}), {}"
                    + " records and requests waiting for room; none is dropped (metric"
                    + " llmgate_usage_backpressure_waits_total)", depth, settings.queueCapacity(), waiting);
        }
    }

    private void warnOfRefusal() {
        long now = System.nanoTime();
        long last = lastRefusalWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastRefusalWarning.compareAndSet(last, now)) {
            LOG.warn("the usage store is too slow: {} records and requests wait (usage.max_waiting {}); new requests"
                    + " are answered 503 until it catches up (metric llmgate_usage_backpressure_refused_total)",
                    waiting, settings.maxWaiting());
        }
    }

    /**
     * A caller waiting: for room for its record, to be admitted (record null, target 0), or (record null) for
     * everything up to {@code target} to be written.
     */
    private record Waiter(UsageRecord record, long target, Promise<Void> promise, Context context) {
        void complete() {
            completeOn(context, promise, Future.succeededFuture());
        }
    }

    /** Completes {@code promise} with {@code result} on {@code context} (its waiter's), or here when there is none. */
    static <T> void completeOn(Context context, Promise<T> promise, AsyncResult<T> result) {
        if (context == null) {
            settle(promise, result);
            return;
        }
        try {
            context.runOnContext(v -> settle(promise, result));
        } catch (RuntimeException closed) {
            settle(promise, result); // Vert.x is closed (shutdown): nobody runs there any more
        }
    }

    private static <T> void settle(Promise<T> promise, AsyncResult<T> result) {
        if (result.succeeded()) {
            promise.tryComplete(result.result());
        } else {
            promise.tryFail(result.cause());
        }
    }
}
