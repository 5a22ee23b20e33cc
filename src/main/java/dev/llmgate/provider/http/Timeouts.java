package dev.llmgate.provider.http;

import java.time.Duration;

/**
 * Limits on one upstream exchange: to connect; from sending the request to the first byte of the answer;
 * between two pieces of a stream; and for the whole exchange.
 */
public record Timeouts(Duration connect, Duration firstByte, Duration idle, Duration total) {

    public static final Timeouts DEFAULT = new Timeouts(
            Duration.ofSeconds(10), Duration.ofSeconds(300), Duration.ofSeconds(120), Duration.ofSeconds(900));
}
