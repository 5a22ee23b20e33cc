package dev.llmgate.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a remote backend (Redis, a database) is reachable. The first failure marks it unavailable and
 * logs once; from then on operations are not attempted (they fail at once, so requests are served
 * uncached without waiting on a dead connection) except one try per retry interval, whose success marks
 * the backend available again and logs once more. Shared by every event loop; lock-free.
 *
 * <p>The counters are shown by {@code GET /api/cache/stats} and, through {@link #view()}, as the
 * {@code llmgate_cache_backend_*} metrics ({@link Caching} registers them).
 */
public final class BackendHealth {

    private static final Logger LOG = LoggerFactory.getLogger(BackendHealth.class);

    private final String backend;
    private final long retryNanos;
    private final AtomicBoolean available = new AtomicBoolean(true);
    private final AtomicLong nextAttemptNanos = new AtomicLong();
    private final LongAdder failedOperations = new LongAdder();
    private final AtomicLong outages = new AtomicLong();
    private volatile Instant unavailableSince;
    private volatile String lastError;

    public BackendHealth(String backend, Duration retryInterval) {
        this.backend = backend;
        this.retryNanos = retryInterval.toNanos();
    }

    /** Whether to attempt an operation now: always while available, else one attempt per retry interval. */
    public boolean shouldTry() {
        if (available.get()) {
            return true;
        }
        long now = System.nanoTime();
        long next = nextAttemptNanos.get();
        return now - next >= 0 && nextAttemptNanos.compareAndSet(next, now + retryNanos);
    }

    public void succeeded() {
        if (!available.get() && available.compareAndSet(false, true)) {
            LOG.info("The cache backend {} is reachable again after being unavailable since {}; caching resumes.",
                    backend, unavailableSince);
        }
    }

    public void failed(Throwable error) {
        failedOperations.increment();
        lastError = String.valueOf(error.getMessage());
        if (available.get() && available.compareAndSet(true, false)) {
            unavailableSince = Instant.now();
            outages.incrementAndGet();
            nextAttemptNanos.set(System.nanoTime() + retryNanos);
            LOG.warn("The cache backend {} is unavailable ({}): answers are served uncached until it returns; "
                    + "retrying every {} ms.", backend, lastError, retryNanos / 1_000_000);
        }
    }

    /** The failure an operation reports when it was not attempted because the backend is down. */
    public Unavailable unavailable() {
        return new Unavailable(backend + " is unavailable: " + lastError);
    }

    public View view() {
        boolean up = available.get();
        return new View(backend, up, up ? null : unavailableSince, outages.get(), failedOperations.sum(), lastError);
    }

    /** A snapshot for the stats endpoint: {@code outages} counts transitions to unavailable. */
    public record View(String backend, boolean available, Instant unavailableSince, long outages,
                       long failedOperations, String lastError) {

        public static View inProcess(String backend) {
            return new View(backend, true, null, 0, 0, null);
        }
    }

    /** An operation that was not attempted because its backend is known to be down. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
