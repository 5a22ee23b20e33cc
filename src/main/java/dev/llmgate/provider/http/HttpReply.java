package dev.llmgate.provider.http;

import java.util.function.UnaryOperator;

/** A whole upstream answer: status, headers (looked up by name, case-insensitively), body, and its timing. */
public record HttpReply(int status, UnaryOperator<String> headers, byte[] body, Timing timing) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public String header(String name) {
        return headers.apply(name);
    }
}
