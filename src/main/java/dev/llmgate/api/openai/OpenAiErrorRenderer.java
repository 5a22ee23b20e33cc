package dev.llmgate.api.openai;

import dev.llmgate.api.ErrorReply;
import dev.llmgate.api.Exchange;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import io.vertx.core.http.HttpServerResponse;
import tools.jackson.databind.node.ObjectNode;

/** Writes every failure in OpenAI's error envelope: {@code {"error":{"message","type","param","code"}}}. */
public final class OpenAiErrorRenderer {

    private OpenAiErrorRenderer() {
    }

    public static ObjectNode envelope(GatewayException e) {
        ObjectNode envelope = Json.object();
        ObjectNode error = envelope.putObject("error");
        error.put("message", e.getMessage());
        error.put("type", type(e));
        if (e.param() == null) {
            error.putNull("param");
        } else {
            error.put("param", e.param());
        }
        if (e.code() == null) {
            error.putNull("code");
        } else {
            error.put("code", e.code());
        }
        return envelope;
    }

    public static void send(HttpServerResponse response, Exchange exchange, Throwable failure) {
        ErrorReply.send(response, exchange, failure, OpenAiErrorRenderer::envelope);
    }

    private static String type(GatewayException e) {
        return switch (e) {
            case GatewayException.BadRequest b -> "invalid_request_error";
            case GatewayException.NotFound n -> "invalid_request_error";
            case GatewayException.PayloadTooLarge p -> "invalid_request_error";
            case GatewayException.MethodNotAllowed m -> "invalid_request_error";
            case GatewayException.Unauthorized u -> "authentication_error";
            case GatewayException.Forbidden f -> "permission_error";
            case GatewayException.UpstreamError u -> u.type() != null ? u.type() : byStatus(u.status());
            case GatewayException.UpstreamUnreachable u -> "server_error";
            case GatewayException.UpstreamTimeout t -> "server_error";
            case GatewayException.GatewayFault f -> "server_error";
            case GatewayException.Unavailable u -> "server_error";
        };
    }

    private static String byStatus(int status) {
        return switch (status) {
            case 400, 404, 409, 413, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> "server_error";
        };
    }
}
