package dev.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(10), new Random(7));

    @Test
    void growsExponentiallyWithJitterUpToTheCap() {
        for (int retry = 0; retry < 8; retry++) {
            long ceiling = Math.min(Backoff.CAP.toMillis(), Backoff.BASE.toMillis() << retry);
            for (int i = 0; i < 50; i++) {
                assertThat(backoff.before(retry, null).toMillis()).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void honoursRetryAfterUnlessItIsLongerThanWeWait() {
        assertThat(backoff.before(0, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.before(0, Duration.ofSeconds(11))).isNull();
    }
}
