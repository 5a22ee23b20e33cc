package dev.llmgate.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The process's metrics, one registry shared by every package (passed in at start-up), exposed in
 * Prometheus's text format at {@code GET /metrics}. Names are Micrometer's dotted form
 * ({@code llmgate.usage.records.written}); the Prometheus scrape shows them as {@code llmgate_usage_records_written_total}.
 */
public final class Metrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** A counter, created on first use; asking again for the same name returns the same counter. */
    public Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    /**
     * A counter whose count {@code owner} keeps (its own adders, a health tracker), read at each scrape with
     * {@code count}; {@code tags} are name/value pairs. The registry holds {@code owner} only weakly (as
     * Micrometer does), so it must live as long as the process serves; the count must be cheap, thread-safe and
     * never decrease.
     */
    public <T> void countedBy(String name, String description, T owner, ToDoubleFunction<T> count, String... tags) {
        FunctionCounter.builder(name, owner, count).description(description).tags(tags).register(registry);
    }

    /**
     * A gauge that reads {@code value} at each scrape, with {@code tags} as name/value pairs; the supplier must
     * be cheap and thread-safe.
     */
    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).register(registry);
    }

    /** For meters this wrapper does not name (timers, distributions). */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in Prometheus's text exposition format. */
    public String scrape() {
        return registry.scrape();
    }
}
