package dev.llmgate.api;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a failure as an HTTP error in the client's protocol: the status, {@code Retry-After} when the
 * upstream asked for a wait, the gateway's headers, and the protocol's envelope. An unexpected exception is
 * logged with the request id and reported as a gateway fault, never with its internals.
 */
public final class ErrorReply {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReply.class);

    private ErrorReply() {
    }

    public static GatewayException asGatewayException(Throwable failure, Exchange exchange) {
        if (failure instanceof GatewayException e) {
            return e;
        }
        LOG.error("request {} failed inside the gateway", exchange.requestId(), failure);
        return new GatewayException.GatewayFault(
                "The gateway failed to handle this request (request id " + exchange.requestId() + ").");
    }

    public static void send(HttpServerResponse response, Exchange exchange, Throwable failure,
                            Function<GatewayException, ObjectNode> envelope) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        GatewayException error = asGatewayException(failure, exchange);
        response.setStatusCode(error.status());
        response.putHeader("content-type", "application/json");
        Duration retryAfter = error.retryAfter();
        if (retryAfter != null) {
            response.putHeader("retry-after", Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        }
        if (error instanceof GatewayException.MethodNotAllowed notAllowed) {
            response.putHeader("allow", notAllowed.allowed());
        }
        exchange.stamp(response);
        response.end(Buffer.buffer(Json.bytes(envelope.apply(error))));
    }
}
