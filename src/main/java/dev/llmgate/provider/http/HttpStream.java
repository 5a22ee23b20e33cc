package dev.llmgate.provider.http;

import dev.llmgate.chat.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/**
 * An upstream answer whose status and headers have arrived and whose body is read as it comes, under the
 * idle and total timeouts, with backpressure (pause/resume) and cancellation. Used on one event loop only.
 */
public final class HttpStream {

    private final HttpClientRequest request;
    private final HttpClientResponse response;
    private final Deadlines deadlines;
    private final long sentNanos;
    private final long firstByteNanos;
    private boolean closed;
    private Handler<GatewayException> errorHandler = e -> { };

    HttpStream(HttpClientRequest request, HttpClientResponse response, Deadlines deadlines, long sentNanos) {
        this.request = request;
        this.response = response;
        this.deadlines = deadlines;
        this.sentNanos = sentNanos;
        this.firstByteNanos = System.nanoTime();
        deadlines.progressed(firstByteNanos);
        deadlines.onExpiry(this::fail);
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

    /**
     * Reads the whole body (used for error answers and non-streamed replies) under the same timeouts as a
     * stream: a body that stops coming fails with the deadline's timeout, not as a broken connection.
     */
    public Future<Buffer> body() {
        Promise<Buffer> body = Promise.promise();
        Buffer received = Buffer.buffer();
        start(received::appendBuffer, v -> body.complete(received), body::fail);
        return body.future();
    }

    /** Starts delivering the body: data as it arrives, then end, or one error. */
    public void start(Handler<Buffer> data, Handler<Void> end, Handler<GatewayException> error) {
        this.errorHandler = error;
        response.handler(buffer -> {
            deadlines.progressed(System.nanoTime());
            data.handle(buffer);
        });
        response.endHandler(v -> {
            if (!closed) {
                close();
                end.handle(null);
            }
        });
        response.exceptionHandler(e -> fail(broken(e)));
        response.resume();
    }

    public void pause() {
        deadlines.paused(true, System.nanoTime());
        response.pause();
    }

    public void resume() {
        deadlines.paused(false, System.nanoTime());
        response.resume();
    }

    /** Abandons the exchange (the client went away): the upstream connection is reset. */
    public void cancel() {
        if (!closed) {
            close();
            request.reset();
        }
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
        deadlines.cancel();
    }

    private static GatewayException broken(Throwable e) {
        return e instanceof GatewayException g ? g : new GatewayException.UpstreamUnreachable(
                "The upstream connection broke before the answer was complete: " + e.getMessage(),
                "stream_interrupted");
    }
}
