package dev.llmgate.provider.gemini;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.provider.http.HttpReply;
import dev.llmgate.provider.http.RetryAfter;
import java.math.BigDecimal;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * Gemini's error answers, google.rpc statuses {@code {"error":{"code","message","status","details":[…]}}},
 * as upstream errors that keep the HTTP status and message. The {@code status} (e.g.
 * {@code RESOURCE_EXHAUSTED}) is the error type, the {@code ErrorInfo} reason (e.g. {@code API_KEY_INVALID})
 * its code, and the wait asked for comes from {@code RetryInfo.retryDelay} or the Retry-After header.
 */
final class GeminiErrors {

    private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";
    private static final String ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";

    private GeminiErrors() {
    }

    static GatewayException fromReply(HttpReply reply) {
        JsonNode error = errorOf(reply.json());
        Duration retryAfter = error == null ? null : retryDelay(error);
        if (retryAfter == null) {
            retryAfter = RetryAfter.of(reply);
        }
        String message = error != null && error.hasNonNull("message") ? error.get("message").asString()
                : reply.text();
        return new GatewayException.UpstreamError(reply.status(), message, details(error, retryAfter));
    }

    /** An error Gemini reported inside a stream that began with status 200. */
    static GatewayException inStream(JsonNode body) {
        JsonNode error = errorOf(body);
        int code = error.path("code").asInt(0);
        // a stream's error code is the status it would have had (google.rpc CANCELLED is 499)
        int status = code >= 400 && code < 600 ? code : 502;
        String message = error.hasNonNull("message") ? error.get("message").asString()
                : "Gemini reported an error in the stream: " + Json.text(error);
        return new GatewayException.UpstreamError(status, message, details(error, retryDelay(error)));
    }

    /** The {@code error} object of a body (or of the first element of an array body), or null. */
    static JsonNode errorOf(JsonNode body) {
        if (body == null) {
            return null;
        }
        JsonNode first = body.isArray() && !body.isEmpty() ? body.get(0) : body;
        JsonNode error = first.get("error");
        return error != null && error.isObject() ? error : null;
    }

    private static GatewayException.UpstreamError.Details details(JsonNode error, Duration retryAfter) {
        if (error == null) {
            return new GatewayException.UpstreamError.Details(null, null, null, retryAfter);
        }
        String reason = null;
        for (JsonNode detail : error.path("details")) {
            if (ERROR_INFO.equals(detail.path("@type").asString(null))) {
                reason = detail.path("reason").asString(null);
            }
        }
        String status = error.path("status").asString(null);
        if (tooLong(status, error.path("message").asString(""))) {
            reason = GatewayException.CONTEXT_LENGTH_EXCEEDED;
        }
        return new GatewayException.UpstreamError.Details(status, reason, null, retryAfter);
    }

    /**
     * Gemini has no code for it: a prompt over the window is INVALID_ARGUMENT with "The input token count (N)
     * exceeds the maximum number of tokens allowed (M)." (Vertex: "the input token count is N but model only
     * supports up to M").
     */
    private static boolean tooLong(String status, String message) {
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        return "INVALID_ARGUMENT".equals(status) && lower.contains("input token count")
                && (lower.contains("exceeds the maximum") || lower.contains("only supports up to"));
    }

    /** google.rpc.RetryInfo's delay, a protobuf Duration such as {@code "34.4s"}; null when absent. */
    static Duration retryDelay(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            if (!RETRY_INFO.equals(detail.path("@type").asString(null))) {
                continue;
            }
            String delay = detail.path("retryDelay").asString("");
            if (delay.endsWith("s")) {
                try {
                    BigDecimal seconds = new BigDecimal(delay.substring(0, delay.length() - 1));
                    return Duration.ofMillis(seconds.movePointRight(3).longValue());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }


}
