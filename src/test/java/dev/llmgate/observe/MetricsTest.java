package dev.llmgate.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void scrapesCountersAndGaugesInPrometheusText() {
        Metrics metrics = new Metrics();
        AtomicInteger depth = new AtomicInteger(3);
        metrics.counter("llmgate.test.things", "Things counted").increment(2);
        metrics.counter("llmgate.test.things", "the same counter").increment();
        metrics.gauge("llmgate.test.depth", "A depth", depth::get);
        depth.set(5);

        String text = metrics.scrape();

        assertThat(text).contains("# HELP llmgate_test_things_total Things counted")
                .contains("llmgate_test_things_total 3.0")
                .contains("llmgate_test_depth 5.0");
    }
}
