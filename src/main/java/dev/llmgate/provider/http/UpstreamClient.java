package dev.llmgate.provider.http;

import dev.llmgate.chat.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.UnknownHostException;

/**
 * The one shared, pooled HTTP client every upstream call goes through: keep-alive connections, no Nagle
 * delay, and the configured timeouts (connect, first byte, idle, total) turned into gateway errors.
 */
public final class UpstreamClient {

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final Timeouts timeouts;

    public UpstreamClient(Vertx vertx, Timeouts timeouts, int connectionsPerHost) {
        this.vertx = vertx;
        this.timeouts = timeouts;
        HttpClientOptions options = new HttpClientOptions()
                .setTcpNoDelay(true)
                .setKeepAlive(true)
                .setKeepAliveTimeout(60)
                .setConnectTimeout((int) timeouts.connect().toMillis())
                .setMaxInitialLineLength(16 * 1024)
                .setMaxHeaderSize(64 * 1024);
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(connectionsPerHost));
    }

    /** Sends the call and reads the whole answer, whatever its status. */
    public Future<HttpReply> exchange(HttpCall call) {
        return open(call).compose(stream -> stream.body().map(body -> new HttpReply(
                stream.status(), stream::header, body.getBytes(),
                new Timing(stream.sentNanos(), stream.firstByteNanos(), System.nanoTime()))));
    }

    /** Sends the call; completes when the answer's status and headers arrive, with its body not yet read. */
    public Future<HttpStream> open(HttpCall call) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(call.url())
                .setConnectTimeout(timeouts.connect().toMillis());
        call.headers().forEach(options::putHeader);
        Promise<HttpStream> promise = Promise.promise();
        long sent = System.nanoTime();
        HttpClientRequest[] request = new HttpClientRequest[1];
        Deadlines deadlines = new Deadlines(vertx, timeouts, sent, expired -> {
            if (promise.tryFail(expired) && request[0] != null) {
                request[0].reset();
            }
        });
        Future<HttpClientRequest> opened;
        try {
            opened = client.request(options);
        } catch (IllegalStateException closed) {
            // the client closes when the gateway stops; a retry scheduled before that finds it closed
            deadlines.cancel();
            return Future.failedFuture(unreachable(call.url(), closed));
        }
        opened
                .compose(req -> {
                    request[0] = req;
                    return req.send(Buffer.buffer(call.body()));
                })
                .onComplete(ar -> {
                    if (ar.failed()) {
                        deadlines.cancel();
                        promise.tryFail(unreachable(call.url(), ar.cause()));
                    } else if (!promise.future().isComplete()) {
                        ar.result().pause();
                        promise.complete(new HttpStream(request[0], ar.result(), deadlines, sent));
                    } else {
                        request[0].reset();
                    }
                });
        return promise.future();
    }

    public Future<Void> close() {
        return client.close();
    }

    private static GatewayException unreachable(String url, Throwable cause) {
        if (cause instanceof GatewayException g) {
            return g;
        }
        String host = hostOf(url);
        String reason = cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause.getCause() instanceof ConnectException
                ? "could not connect to " + host + " (" + cause.getMessage() + ")"
                : "the request to " + host + " failed (" + cause.getMessage() + ")";
        return new GatewayException.UpstreamUnreachable("Upstream unreachable: " + reason + ".", "upstream_unreachable");
    }

    private static String hostOf(String url) {
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = url.indexOf('/', start);
        return end < 0 ? url.substring(start) : url.substring(start, end);
    }
}
