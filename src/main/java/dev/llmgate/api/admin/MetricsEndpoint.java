package dev.llmgate.api.admin;

import dev.llmgate.api.Endpoints;
import dev.llmgate.api.Exchange;
import dev.llmgate.observe.Metrics;

/** {@code GET /metrics}: every metric in Prometheus's text format, for a Prometheus server to scrape. */
public final class MetricsEndpoint implements Endpoints {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Metrics metrics;

    public MetricsEndpoint(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void mount(io.vertx.ext.web.Router web) {
        // rendering walks every meter: cheap for the few dozen we keep, so it stays on the event loop
        web.get("/metrics").handler(ctx -> {
            Exchange.begin(ctx).stamp(ctx.response());
            ctx.response().putHeader("content-type", PROMETHEUS_TEXT).end(metrics.scrape());
        });
    }
}
