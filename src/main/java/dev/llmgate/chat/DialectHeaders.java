package dev.llmgate.chat;

import java.util.Map;

/**
 * Request headers a client sent for upstreams of its own dialect (an Anthropic client's
 * {@code anthropic-beta} and {@code anthropic-version}), forwarded only to upstreams that speak it, as
 * {@link Extras} are for body fields. Names are lower case.
 */
public record DialectHeaders(String dialect, Map<String, String> values) {

    public static final DialectHeaders NONE = new DialectHeaders("", Map.of());

    public DialectHeaders {
        values = Map.copyOf(values);
    }

    public static DialectHeaders of(String dialect, Map<String, String> values) {
        return values.isEmpty() ? NONE : new DialectHeaders(dialect, values);
    }

    /** The headers if they came from {@code target}'s clients, else none. */
    public Map<String, String> forDialect(String target) {
        return dialect.equals(target) ? values : Map.of();
    }
}
