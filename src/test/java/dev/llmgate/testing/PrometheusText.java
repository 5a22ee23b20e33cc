package dev.llmgate.testing;

import java.util.OptionalDouble;

/** Samples read from a {@code /metrics} scrape in Prometheus's text format ({@code name{labels} value}). */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The value of {@code sample} (its name with labels, as written), or empty when the scrape has none. */
    public static OptionalDouble sample(String scrape, String sample) {
        String prefix = sample + " ";
        return scrape.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()))).findFirst();
    }
}
