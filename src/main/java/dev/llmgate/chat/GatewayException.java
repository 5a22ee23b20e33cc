package dev.llmgate.chat;

import java.time.Duration;

/**
 * Every failure the request path can report to a client. The type says what happened and whether trying
 * again (the same route later, or another route) can help; the router asks nothing else. Rendered into the
 * client's protocol by one renderer per protocol at the HTTP edge.
 */
public abstract sealed class GatewayException extends RuntimeException {

    private final int status;
    private final String code;
    private final String param;

    private GatewayException(int status, String message, String code, String param) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.param = param;
    }

    /** The HTTP status the client gets. */
    public int status() {
        return status;
    }

    /** A machine-readable reason (OpenAI's {@code code}), or null. */
    public String code() {
        return code;
    }

    /** The code of a prompt too long for the model's window (OpenAI's); a route with a larger window may take it. */
    public static final String CONTEXT_LENGTH_EXCEEDED = "context_length_exceeded";

    /** Whether the prompt did not fit the model's context window. */
    public boolean isContextLengthExceeded() {
        return CONTEXT_LENGTH_EXCEEDED.equals(code);
    }

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }

    /** Whether the same request may succeed if sent again (here or on another route). */
    public boolean retryable() {
        return false;
    }

    /** How long the upstream asked us to wait before trying again, or null. */
    public Duration retryAfter() {
        return null;
    }

    /** The client sent something we cannot serve as sent; says which field and how to fix it. */
    public static final class BadRequest extends GatewayException {
        public BadRequest(String message, String param, String code) {
            super(400, message, code, param);
        }

        public static BadRequest of(String message, String param) {
            return new BadRequest(message, param, null);
        }
    }

    public static final class Unauthorized extends GatewayException {
        public Unauthorized(String message, String code) {
            super(401, message, code, null);
        }
    }

    public static final class Forbidden extends GatewayException {
        public Forbidden(String message, String code) {
            super(403, message, code, null);
        }
    }

    public static final class NotFound extends GatewayException {
        public NotFound(String message, String code, String param) {
            super(404, message, code, param);
        }
    }

    /** The path exists, but not with the method used; {@link #allowed()} lists the ones it takes. */
    public static final class MethodNotAllowed extends GatewayException {
        private final String allowed;

        public MethodNotAllowed(String method, String path, String allowed) {
            super(405, "Method " + method + " is not allowed on " + path + "; use " + allowed + ".",
                    "method_not_allowed", null);
            this.allowed = allowed;
        }

        /** The methods the path takes, as the {@code Allow} header lists them ("GET, POST"). */
        public String allowed() {
            return allowed;
        }
    }

    public static final class PayloadTooLarge extends GatewayException {
        public PayloadTooLarge(long limitBytes) {
            super(413, "Request body exceeds the limit of " + limitBytes + " bytes.", "request_too_large", null);
        }
    }

    /**
     * The gateway will not try now (every route is cooling down after repeated failures): a 503 that reaches no
     * upstream, with the wait after which trying again can help.
     */
    public static final class Unavailable extends GatewayException {
        private final Duration retryAfter;

        public Unavailable(String message, String code, Duration retryAfter) {
            super(503, message, code, null);
            this.retryAfter = retryAfter;
        }

        @Override
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** An upstream answered with an error status; its status and message reach the client unchanged. */
    public static final class UpstreamError extends GatewayException {
        private final String type;
        private final Duration retryAfter;

        public UpstreamError(int status, String message, Details details) {
            super(status, message, details.code(), details.param());
            this.type = details.type();
            this.retryAfter = details.retryAfter();
        }

        /** What the upstream said besides its status and message; every field may be null. */
        public record Details(String type, String code, String param, Duration retryAfter) {
            public static final Details NONE = new Details(null, null, null, null);
        }

        /** The upstream's own error type (OpenAI's {@code type}, Anthropic's {@code error.type}), or null. */
        public String type() {
            return type;
        }

        @Override
        public boolean retryable() {
            int status = status();
            return status == 408 || status == 429 || status >= 500;
        }

        @Override
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** The upstream could not be reached, or its connection broke before the answer was complete. */
    public static final class UpstreamUnreachable extends GatewayException {
        public UpstreamUnreachable(String message, String code) {
            super(502, message, code, null);
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** A fault inside the gateway itself (a bug, not the client's or an upstream's doing); never retried. */
    public static final class GatewayFault extends GatewayException {
        public GatewayFault(String message) {
            super(500, message, "internal_error", null);
        }
    }

    /** The upstream did not answer (or went quiet) within the configured time. */
    public static final class UpstreamTimeout extends GatewayException {
        public UpstreamTimeout(String message) {
            super(504, message, "upstream_timeout", null);
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }
}
