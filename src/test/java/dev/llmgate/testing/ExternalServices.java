package dev.llmgate.testing;

import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The one policy for tests that need a service the machine may not have (PostgreSQL, Redis, the
 * {@code redis-server} binary): on a developer's machine without it they are skipped, saying what is missing;
 * with {@code LLMGATE_REQUIRE_SERVICES=1} (CI) they fail instead, so a missing service never passes silently.
 */
public final class ExternalServices {

    public static final String REQUIRE = "LLMGATE_REQUIRE_SERVICES";

    private ExternalServices() {
    }

    /** Whether a missing service fails the test rather than skipping it. */
    public static boolean required() {
        return "1".equals(System.getenv(REQUIRE));
    }

    /**
     * Ends the current test (or class, from a {@code @BeforeAll}) because {@code what} is missing: skipped, or
     * failed when services are required. Always throws; declared to return so callers can write {@code throw}.
     */
    public static RuntimeException unavailable(String what) {
        if (required()) {
            throw new AssertionFailedError(what + " — and " + REQUIRE + "=1 requires it.");
        }
        throw new TestAbortedException(what + ": skipping this test (CI sets " + REQUIRE + "=1 and runs it).");
    }
}
