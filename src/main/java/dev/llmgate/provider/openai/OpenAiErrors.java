package dev.llmgate.provider.openai;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.provider.http.HttpReply;
import dev.llmgate.provider.http.RetryAfter;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * Error answers of OpenAI-dialect upstreams: OpenAI's envelope {@code {"error":{message,type,param,code}}}
 * and the variants compatible vendors send (OpenRouter's numeric code and metadata, FastAPI's
 * {@code detail}, vLLM's top-level {@code message}), whether as an HTTP error or inside a stream.
 */
public final class OpenAiErrors {

    private OpenAiErrors() {
    }

    public static GatewayException fromReply(HttpReply reply) {
        JsonNode body = reply.jsonObject();
        String message = body == null ? reply.text() : messageOf(body);
        return new GatewayException.UpstreamError(reply.status(), message, details(body, RetryAfter.of(reply)));
    }

    /** An error reported inside a stream that began with status 200. */
    static GatewayException inStream(JsonNode body) {
        JsonNode error = body.path("error");
        int status = error.path("status_code").asInt(error.path("code").isInt() ? error.path("code").asInt() : 502);
        return new GatewayException.UpstreamError(status < 400 ? 502 : status, messageOf(body), details(body, null));
    }

    private static GatewayException.UpstreamError.Details details(JsonNode body, Duration retryAfter) {
        if (body == null) {
            return new GatewayException.UpstreamError.Details(null, null, null, retryAfter);
        }
        JsonNode error = body.has("error") && body.get("error").isObject() ? body.get("error") : body;
        return new GatewayException.UpstreamError.Details(stringOrNull(error.get("type")),
                stringOrNull(error.get("code")), stringOrNull(error.get("param")), retryAfter);
    }

    private static String messageOf(JsonNode body) {
        JsonNode error = body.get("error");
        if (error != null && error.isObject() && error.hasNonNull("message")) {
            return error.get("message").asString();
        }
        if (error != null && error.isString()) {
            return error.stringValue();
        }
        for (String field : new String[] {"message", "detail"}) {
            if (body.hasNonNull(field)) {
                JsonNode value = body.get(field);
                return value.isString() ? value.stringValue() : Json.text(value);
            }
        }
        return Json.text(body);
    }

    private static String stringOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }


}
