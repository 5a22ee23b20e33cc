package dev.llmgate.api;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.provider.Answer;
import dev.llmgate.provider.StreamListener;
import dev.llmgate.provider.UpstreamStream;
import dev.llmgate.routing.Candidate;
import dev.llmgate.routing.Resolution;
import dev.llmgate.routing.Routed;
import dev.llmgate.routing.Router;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * The request path after decoding, the same for every inbound protocol: resolve the model (checks that
 * fail here reach no upstream), route, and answer in the client's protocol — a whole answer, or a stream
 * relayed with backpressure whose client going away cancels the upstream.
 */
public final class ChatFlow {

    /** Bodies above this are resolved on a worker: counting a huge prompt's tokens must not hold the event loop. */
    private static final int LARGE_BODY = 256 * 1024;

    private static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence PLATFORM = HttpHeaders.createOptimized("x-llmgate-platform");
    private static final CharSequence ROUTE = HttpHeaders.createOptimized("x-llmgate-route");
    private static final CharSequence ATTEMPTS = HttpHeaders.createOptimized("x-llmgate-attempts");
    private static final CharSequence WARNING = HttpHeaders.createOptimized("x-llmgate-warning");
    private static final CharSequence MIGRATED = HttpHeaders.createOptimized("x-llmgate-model-migrated");

    private final Vertx vertx;
    private final Router router;

    public ChatFlow(Vertx vertx, Router router) {
        this.vertx = vertx;
        this.router = router;
    }

    public void run(HttpServerResponse response, Exchange exchange, ChatRequest request, int bodySize,
                    Responder responder) {
        resolve(request, bodySize).onComplete(resolved -> {
            if (resolved.failed()) {
                responder.error(response, exchange, resolved.cause());
            } else if (request.isStream()) {
                router.stream(resolved.result()).onComplete(ar -> {
                    if (ar.succeeded()) {
                        startStream(response, exchange, request, ar.result(), responder);
                    } else {
                        responder.error(response, exchange, ar.cause());
                    }
                });
            } else {
                router.chat(resolved.result()).onComplete(ar -> {
                    if (ar.succeeded()) {
                        answer(response, exchange, ar.result(), responder);
                    } else {
                        responder.error(response, exchange, ar.cause());
                    }
                });
            }
        });
    }

    private Future<Resolution> resolve(ChatRequest request, int bodySize) {
        if (bodySize < LARGE_BODY) {
            try {
                return Future.succeededFuture(router.resolve(request));
            } catch (GatewayException e) {
                return Future.failedFuture(e);
            }
        }
        return vertx.executeBlocking(() -> router.resolve(request), false);
    }

    private static void answer(HttpServerResponse response, Exchange exchange, Routed<Answer> routed,
                               Responder responder) {
        exchange.waitedOnUpstream(routed.value().timing().upstreamNanos());
        var body = responder.answer(routed.value().response());
        response.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        routeHeaders(response, routed);
        exchange.stamp(response);
        response.end(body);
    }

    private static void startStream(HttpServerResponse response, Exchange exchange, ChatRequest request,
                                    Routed<UpstreamStream> routed, Responder responder) {
        UpstreamStream stream = routed.value();
        if (response.closed()) {
            stream.cancel();
            return;
        }
        exchange.waitedOnUpstream(stream.firstByteNanos() - stream.sentNanos());
        response.setChunked(true);
        response.putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM);
        response.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        routeHeaders(response, routed);
        exchange.stamp(response);
        StreamListener writer = responder.streamWriter(response, stream, request);
        response.closeHandler(v -> stream.cancel());
        stream.start(writer);
    }

    private static void routeHeaders(HttpServerResponse response, Routed<?> routed) {
        Candidate served = routed.served();
        response.putHeader(PLATFORM, served.route().platform());
        response.putHeader(ROUTE, served.key());
        response.putHeader(ATTEMPTS, Integer.toString(routed.attempts()));
        for (String warning : routed.resolution().warnings()) {
            response.headers().add(WARNING, warning);
        }
        if (routed.resolution().migration() != null) {
            response.putHeader(MIGRATED, routed.resolution().migration());
        }
    }
}
