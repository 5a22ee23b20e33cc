package dev.llmgate.api;

import dev.llmgate.chat.GatewayOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client request as the HTTP edge sees it: its id (the client's {@code x-request-id}, else the body's
 * {@code request_id}, else a new one) and the clock that measures the gateway's own share of the time, the
 * upstream's wait excluded.
 */
public final class Exchange {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("x-request-id");
    private static final CharSequence OVERHEAD = HttpHeaders.createOptimized("x-llmgate-overhead-ms");

    private String requestId;
    private boolean givenId;
    private final long startNanos;
    private final long startMillis;
    private long upstreamNanos;

    private Exchange(String requestId, long startNanos) {
        this.requestId = requestId;
        this.startNanos = startNanos;
        this.startMillis = System.currentTimeMillis();
    }

    public static Exchange begin(RoutingContext ctx) {
        String given = ctx.request().getHeader("x-request-id");
        boolean usable = valid(given);
        Exchange exchange = new Exchange(usable ? given : newId(), System.nanoTime());
        exchange.givenId = usable;
        return exchange;
    }

    /**
     * The body's {@code request_id} (null when none) becomes the request's id when no {@code x-request-id}
     * header gave one and it can be sent back as a header; call before anything is written.
     */
    public void bodyRequestId(String id) {
        if (!givenId && valid(id)) {
            requestId = id;
            givenId = true;
        }
    }

    public String requestId() {
        return requestId;
    }

    public long startNanos() {
        return startNanos;
    }

    /** When the request arrived (wall clock, for records). */
    public java.time.Instant startedAt() {
        return java.time.Instant.ofEpochMilli(startMillis);
    }

    /** The gateway's own time so far: all of it but the wait on upstreams. */
    public long overheadNanos() {
        return Math.max(0, System.nanoTime() - startNanos - upstreamNanos);
    }

    /** Records time spent waiting on an upstream (excluded from the overhead). */
    public void waitedOnUpstream(long nanos) {
        upstreamNanos += nanos;
    }

    /** Sets the headers every response carries. */
    public void stamp(HttpServerResponse response) {
        response.putHeader(REQUEST_ID, requestId);
        response.putHeader(OVERHEAD, millis(overheadNanos() / 1000));
    }

    /** Microseconds as milliseconds with three decimals ("0.084"), without the cost of String.format. */
    static String millis(long micros) {
        long fraction = micros % 1000;
        return micros / 1000 + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }

    private static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > GatewayOptions.MAX_REQUEST_ID) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * A new id that sorts by time ("req_" + 12 hex digits of milliseconds + 12 random): the usage table's
     * request-id index then grows at its end, which costs a third of inserting random keys.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[28];
        "req_".getChars(0, 4, id, 0);
        long millis = System.currentTimeMillis();
        for (int i = 15; i >= 4; i--) {
            id[i] = HEX[(int) (millis & 0xf)];
            millis >>>= 4;
        }
        long bits = random.nextLong();
        for (int i = 16; i < id.length; i++) {
            id[i] = HEX[(int) (bits & 0xf)];
            bits >>>= 4;
        }
        return new String(id);
    }
}
