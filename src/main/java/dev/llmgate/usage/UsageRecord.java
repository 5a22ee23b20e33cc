package dev.llmgate.usage;

import dev.llmgate.chat.Extras;
import dev.llmgate.chat.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One request the gateway answered, success or failure, cache hits included: who asked, what served it,
 * how it ended, the tokens (canonical {@link Usage}: input includes cached tokens, output includes
 * reasoning), what it cost, how long it took, and what the cache and the routing saved.
 *
 * @param time                    when the request arrived
 * @param mostExpensiveRouteCost  what the same tokens would have cost on the dearest route the request could
 *                                have taken ({@link CostCalculator#mostExpensive}); null when unknown. The
 *                                analytics report the routing savings as this minus {@code cost.total}.
 */
public record UsageRecord(String requestId, Instant time, Caller caller, Served served, Outcome outcome,
                          Usage tokens, Cost cost, Timings timings, CacheUse cache, BigDecimal mostExpensiveRouteCost) {

    public UsageRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(served, "served");
        Objects.requireNonNull(outcome, "outcome");
        caller = caller == null ? Caller.NONE : caller;
        tokens = tokens == null ? new Usage(0, 0, 0, 0, 0, Extras.NONE) : tokens;
        cost = cost == null ? Cost.unknown(null) : cost;
        timings = timings == null ? Timings.NONE : timings;
        cache = cache == null ? CacheUse.MISS : cache;
    }

    /**
     * Who the request is accounted to: the gateway key that made it, and the client's attribution fields —
     * {@code user_id}, {@code session_id}, {@code tags}, and its own id for the request (the body's
     * {@code request_id}, as sent; null when none). The record's {@code requestId} is the gateway's: the
     * {@code x-request-id} header, else that body id, else a generated one.
     */
    public record Caller(String apiKeyId, String userId, String sessionId, List<String> tags,
                         String clientRequestId) {
        public static final Caller NONE = new Caller(null, null, null, List.of(), null);

        public Caller {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }

        /** A caller that gave no request id of its own. */
        public Caller(String apiKeyId, String userId, String sessionId, List<String> tags) {
            this(apiKeyId, userId, sessionId, tags, null);
        }
    }

    /**
     * What the client asked for and what answered. {@code model} is the catalog model that served (or the
     * {@code platform/model} name when the catalog does not know it), {@code provider} the company that made
     * it, {@code route} the {@code platform/model_string} called; all three are null when the request failed
     * before a route was chosen.
     */
    public record Served(String requestedModel, String model, String platform, String provider, String route,
                         int attempts, boolean stream) {
        public Served {
            Objects.requireNonNull(requestedModel, "requestedModel");
        }
    }

    /** How the request ended: the status, the HTTP status the client got, and the error's type when it failed. */
    public record Outcome(Status status, int httpStatus, String errorType) {
        public Outcome {
            Objects.requireNonNull(status, "status");
        }

        public static Outcome success() {
            return new Outcome(Status.SUCCESS, 200, null);
        }

        public static Outcome error(int httpStatus, String errorType) {
            return new Outcome(Status.ERROR, httpStatus, errorType);
        }

        /** The client went away before the answer was complete (a stream it stopped reading). */
        public static Outcome clientClosed() {
            return new Outcome(Status.CLIENT_CLOSED, 499, "client_closed");
        }
    }

    public enum Status {
        SUCCESS, ERROR, CLIENT_CLOSED;

        /** The name in the API and the database ("success", "error", "client_closed"). */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The status with this wire name, or null. */
        public static Status fromWire(String value) {
            for (Status status : values()) {
                if (status.wire().equals(value)) {
                    return status;
                }
            }
            return null;
        }
    }

    /**
     * Times in milliseconds: the whole request as the client saw it, the first streamed token (null for an
     * answer that was not streamed), and the gateway's own share (the upstream's wait excluded).
     */
    public record Timings(double latencyMs, Double timeToFirstTokenMs, double overheadMs) {
        public static final Timings NONE = new Timings(0, null, 0);
    }

    /** Whether the gateway's response cache answered, and what that answer would have cost upstream. */
    public record CacheUse(boolean hit, BigDecimal costSaved) {
        public static final CacheUse MISS = new CacheUse(false, null);
    }
}
