package dev.llmgate.provider.http;

import dev.llmgate.chat.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/**
 * An upstream answer whose status and headers have arrived and whose body is read as it comes, under the
 * idle and total timeouts, with backpressure (pause/resume) and cancellation. Used on one event loop only.
 */
public final class HttpStream {

    private final Vertx vertx;
    private final HttpClientRequest request;
    private final HttpClientResponse response;
    private final Timeouts timeouts;
    private final long sentNanos;
    private final long firstByteNanos;
    private final long totalTimer;
    private long idleTimer = -1;
    private long lastDataNanos;
    private boolean closed;
    private Handler<GatewayException> errorHandler = e -> { };

    HttpStream(Vertx vertx, HttpClientRequest request, HttpClientResponse response, Timeouts timeouts,
               long sentNanos) {
        this.vertx = vertx;
        this.request = request;
        this.response = response;
        this.timeouts = timeouts;
        this.sentNanos = sentNanos;
        this.firstByteNanos = System.nanoTime();
        this.lastDataNanos = firstByteNanos;
        long remaining = timeouts.total().toMillis() - (firstByteNanos - sentNanos) / 1_000_000;
        this.totalTimer = vertx.setTimer(Math.max(1, remaining), id -> fail(new GatewayException.UpstreamTimeout(
                "The upstream did not finish its answer within " + seconds(timeouts.total()) + ".")));
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.getHeader(name);
    }

    public long sentNanos() {
        return sentNanos;
    }

    public long firstByteNanos() {
        return firstByteNanos;
    }

    /** Reads the whole body (used for error answers and non-streamed replies). */
    public Future<Buffer> body() {
        armIdle();
        Future<Buffer> body = response.body();
        response.resume();
        return body.andThen(ar -> close()).recover(e -> Future.failedFuture(broken(e)));
    }

    /** Starts delivering the body: data as it arrives, then end, or one error. */
    public void start(Handler<Buffer> data, Handler<Void> end, Handler<GatewayException> error) {
        this.errorHandler = error;
        response.handler(buffer -> {
            lastDataNanos = System.nanoTime();
            data.handle(buffer);
        });
        response.endHandler(v -> {
            if (!closed) {
                close();
                end.handle(null);
            }
        });
        response.exceptionHandler(e -> fail(broken(e)));
        armIdle();
        response.resume();
    }

    public void pause() {
        response.pause();
    }

    public void resume() {
        lastDataNanos = System.nanoTime();
        response.resume();
    }

    /** Abandons the exchange (the client went away): the upstream connection is reset. */
    public void cancel() {
        if (!closed) {
            close();
            request.reset();
        }
    }

    private void armIdle() {
        long idleMillis = timeouts.idle().toMillis();
        long quietMillis = (System.nanoTime() - lastDataNanos) / 1_000_000;
        idleTimer = vertx.setTimer(Math.max(1, idleMillis - quietMillis), id -> {
            if (closed) {
                return;
            }
            if ((System.nanoTime() - lastDataNanos) / 1_000_000 >= idleMillis) {
                fail(new GatewayException.UpstreamTimeout(
                        "The upstream sent nothing for " + seconds(timeouts.idle()) + "."));
            } else {
                armIdle();
            }
        });
    }

    private void fail(GatewayException error) {
        if (!closed) {
            close();
            request.reset();
            errorHandler.handle(error);
        }
    }

    private void close() {
        closed = true;
        vertx.cancelTimer(totalTimer);
        vertx.cancelTimer(idleTimer);
    }

    private static GatewayException broken(Throwable e) {
        return e instanceof GatewayException g ? g : new GatewayException.UpstreamUnreachable(
                "The upstream connection broke before the answer was complete: " + e.getMessage(),
                "stream_interrupted");
    }

    static String seconds(java.time.Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
