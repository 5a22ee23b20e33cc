package dev.llmgate.provider.anthropic;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.provider.http.HttpReply;
import dev.llmgate.provider.http.RetryAfter;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic's error envelope {@code {"type":"error","error":{"type","message"}}}, both ways: an upstream's
 * error (an HTTP error, or an {@code error} event inside a stream) to the gateway's exception, and any
 * gateway exception to the envelope an Anthropic client expects, with the error type its SDK maps to an
 * exception class.
 */
public final class AnthropicErrors {

    private AnthropicErrors() {
    }

    public static GatewayException fromReply(HttpReply reply) {
        JsonNode body = reply.jsonObject();
        JsonNode error = body == null ? null : body.get("error");
        if (error == null || !error.isObject()) {
            return new GatewayException.UpstreamError(reply.status(), reply.text(),
                    new GatewayException.UpstreamError.Details(null, null, null, RetryAfter.of(reply)));
        }
        return upstreamError(reply.status(), error, RetryAfter.of(reply));
    }

    /**
     * An error event in a stream that began with status 200; it carries no status, so the status is the one
     * the same error type has outside a stream (an {@code overloaded_error} is a retryable 529).
     */
    static GatewayException inStream(JsonNode body) {
        JsonNode error = body.path("error");
        return upstreamError(statusOf(error.path("type").asString("")), error, null);
    }

    private static GatewayException upstreamError(int status, JsonNode error, Duration retryAfter) {
        String type = error.path("type").asString(null);
        String message = error.path("message").asString(null);
        if (message == null || message.isEmpty()) {
            message = "The upstream answered with " + (type == null ? "HTTP " + status : type) + " and no message.";
        }
        return new GatewayException.UpstreamError(status, message,
                new GatewayException.UpstreamError.Details(type, codeOf(type, message), null, retryAfter));
    }

    /**
     * Anthropic has no error code: a prompt over the window is an {@code invalid_request_error} whose message
     * says "prompt is too long: N tokens > M maximum", or, when the prompt fits but not with
     * {@code max_tokens} beside it, "input length and `max_tokens` exceed context limit".
     */
    private static String codeOf(String type, String message) {
        if (!"invalid_request_error".equals(type)) {
            return null;
        }
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("prompt is too long") || lower.contains("exceed context limit")
                ? GatewayException.CONTEXT_LENGTH_EXCEEDED : null;
    }

    /** The HTTP status Anthropic documents for each error type. */
    private static int statusOf(String type) {
        return switch (type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "api_error" -> 500;
            case "overloaded_error" -> 529;
            default -> 502;
        };
    }

    // ---- gateway exception to client envelope ----

    /** The envelope for {@code error}, to send with its {@link GatewayException#status()}. */
    public static ObjectNode envelope(GatewayException error) {
        ObjectNode envelope = Json.object();
        envelope.put("type", "error");
        ObjectNode body = envelope.putObject("error");
        body.put("type", typeOf(error));
        body.put("message", error.getMessage());
        return envelope;
    }

    static String typeOf(GatewayException error) {
        return switch (error) {
            case GatewayException.BadRequest b -> "invalid_request_error";
            case GatewayException.Unauthorized u -> "authentication_error";
            case GatewayException.Forbidden f -> "permission_error";
            case GatewayException.NotFound n -> "not_found_error";
            case GatewayException.PayloadTooLarge p -> "request_too_large";
            case GatewayException.MethodNotAllowed m -> "invalid_request_error";
            case GatewayException.UpstreamError u -> u.type() != null && statusOf(u.type()) != 502
                    ? u.type() : typeOf(u.status());
            case GatewayException.UpstreamUnreachable u -> "api_error";
            case GatewayException.UpstreamTimeout t -> "api_error";
            case GatewayException.GatewayFault f -> "api_error";
            case GatewayException.Unavailable u -> "overloaded_error";
        };
    }

    /** Anthropic's type for an upstream status from another dialect (its other 4xx are invalid requests). */
    private static String typeOf(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> status < 500 ? "invalid_request_error" : "api_error";
        };
    }


}
