package dev.llmgate.provider.http;

import dev.llmgate.chat.Json;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** A whole upstream answer: status, headers (looked up by name, case-insensitively), body, and its timing. */
public record HttpReply(int status, UnaryOperator<String> headers, byte[] body, Timing timing) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public String header(String name) {
        return headers.apply(name);
    }

    /** The body as JSON, or null when it is not JSON (an HTML error page, plain text, nothing). */
    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The body as a JSON object, or null when it is not one. */
    public JsonNode jsonObject() {
        JsonNode node = json();
        return node != null && node.isObject() ? node : null;
    }

    /** The body as text for an error message: trimmed, cut at 1,000 characters, or a note that it was empty. */
    public String text() {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "The upstream answered with HTTP " + status + " and no message.";
        }
        return text.length() > 1000 ? text.substring(0, 1000) + "…" : text;
    }
}
