package dev.llmgate.routing;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before retrying the same route: exponential with jitter (between half and all of the
 * doubling step), or what the upstream asked
 * for in Retry-After — unless that is longer than we are willing to wait, in which case the next route is
 * tried at once.
 */
final class Backoff {

    static final Duration BASE = Duration.ofMillis(200);
    static final Duration CAP = Duration.ofSeconds(5);

    private final Duration maxWait;
    private final RandomGenerator random;

    Backoff(Duration maxWait, RandomGenerator random) {
        this.maxWait = maxWait;
        this.random = random;
    }

    /** The wait before retry number {@code retry} (0-based), or null to move on to the next route now. */
    Duration before(int retry, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxWait) > 0 ? null : retryAfter;
        }
        long ceiling = Math.min(CAP.toMillis(), BASE.toMillis() << Math.min(retry, 20));
        return Duration.ofMillis(ceiling / 2 + random.nextLong(ceiling / 2 + 1));
    }
}
