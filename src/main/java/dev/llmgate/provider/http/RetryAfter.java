package dev.llmgate.provider.http;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads how long an upstream asked us to wait: {@code retry-after-ms}, or {@code Retry-After} in seconds or as a date. */
public final class RetryAfter {

    private RetryAfter() {
    }

    public static Duration of(HttpReply reply) {
        String millis = reply.header("retry-after-ms");
        if (millis != null) {
            try {
                return Duration.ofMillis((long) Double.parseDouble(millis.trim()));
            } catch (NumberFormatException e) {
                // fall through to Retry-After
            }
        }
        String value = reply.header("retry-after");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
        } catch (NumberFormatException e) {
            try {
                Duration wait = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException unparseable) {
                return null;
            }
        }
    }
}
