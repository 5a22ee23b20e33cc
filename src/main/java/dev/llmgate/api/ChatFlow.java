package dev.llmgate.api;

import dev.llmgate.cache.CacheDecision;
import dev.llmgate.cache.CacheDirectives;
import dev.llmgate.cache.Caching;
import dev.llmgate.cache.Lookup;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Usage;
import dev.llmgate.provider.Answer;
import dev.llmgate.provider.StreamListener;
import dev.llmgate.provider.UpstreamStream;
import dev.llmgate.routing.Attempted;
import dev.llmgate.routing.Attempts;
import dev.llmgate.routing.Candidate;
import dev.llmgate.routing.Resolution;
import dev.llmgate.routing.Routed;
import dev.llmgate.routing.Router;
import dev.llmgate.usage.Cost;
import dev.llmgate.usage.UsageRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.util.function.Function;

/**
 * The request path after decoding, the same for every inbound protocol: resolve the model (checks that
 * fail here reach no upstream), look the answer up in the response cache (a hit is replayed, as a whole
 * answer or as a stream, without any upstream), route, and answer in the client's protocol — a whole answer,
 * or a stream relayed with backpressure whose client going away cancels the upstream. Upstream answers are
 * kept in the cache after they were sent; a stream's copy is assembled from its events and kept only when
 * it ended cleanly.
 */
public final class ChatFlow {

    /**
     * Bodies above this are decoded and resolved on a worker: parsing a huge body or counting its prompt's
     * tokens must not hold the event loop.
     */
    private static final int LARGE_BODY = 256 * 1024;

    private static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence PLATFORM = HttpHeaders.createOptimized("x-llmgate-platform");
    private static final CharSequence ROUTE = HttpHeaders.createOptimized("x-llmgate-route");
    private static final CharSequence ATTEMPTS = HttpHeaders.createOptimized("x-llmgate-attempts");
    private static final CharSequence WARNING = HttpHeaders.createOptimized("x-llmgate-warning");
    private static final CharSequence MIGRATED = HttpHeaders.createOptimized("x-llmgate-model-migrated");
    private static final CharSequence CACHE = HttpHeaders.createOptimized("x-llmgate-cache");
    private static final CharSequence CACHE_KEY = HttpHeaders.createOptimized("x-llmgate-cache-key");
    private static final CharSequence HIT = HttpHeaders.createOptimized("hit");

    private static final CharSequence COST = HttpHeaders.createOptimized("x-llmgate-cost");

    private final Vertx vertx;
    private final Router router;
    private final Caching caching;
    private final Accounting accounting;

    public ChatFlow(Vertx vertx, Router router, Caching caching, Accounting accounting) {
        this.vertx = vertx;
        this.router = router;
        this.caching = caching;
        this.accounting = accounting;
    }

    /** A request that failed before any route was tried (its model did not resolve, the cache failed). */
    private void fail(HttpServerResponse response, Exchange exchange, ChatRequest request, Throwable failure,
                      Responder responder) {
        responder.error(response, exchange, failure);
        accounting.failed(exchange, request, null, failure);
    }

    /**
     * No route answered: the error, with what was tried (attempts, the last route) in its headers and record,
     * and the time spent on upstreams and backoff kept out of the overhead.
     */
    private void unserved(HttpServerResponse response, Exchange exchange, ChatRequest request,
                          Attempted.Failed<?> failed, Responder responder) {
        Attempts attempts = failed.attempts();
        exchange.waitedOnUpstream(attempts.upstreamNanos());
        attemptHeaders(response, attempts.last(), attempts.count());
        resolutionHeaders(response, failed.resolution());
        responder.error(response, exchange, failed.error());
        accounting.failed(exchange, request, new Accounting.Served(attempts.last(), attempts.count(),
                failed.resolution()), failed.error());
    }

    /** A request resolved to its candidates, and what the cache does for it. */
    private record Prepared(Resolution resolution, CacheDecision cache) {}

    /**
     * Serves the request in the body of {@code ctx}, once the usage recorder admits it (at once, unless a slow
     * store has filled its queue: see {@link Accounting#admit}) and {@code decoder} has read it in
     * {@code responder}'s protocol. A body that does not decode is refused, and recorded as a failure.
     */
    public void decodeAndRun(RoutingContext ctx, Exchange exchange, Function<Buffer, ChatRequest> decoder,
                             Responder responder) {
        accounting.admit().onComplete(admitted -> {
            if (admitted.failed()) {
                responder.error(ctx.response(), exchange, admitted.cause());
                return;
            }
            decode(vertx, ctx.body().buffer(), decoder).onComplete(decoded -> {
                if (decoded.failed()) {
                    GatewayException error = ErrorReply.asGatewayException(decoded.cause(), exchange);
                    responder.error(ctx.response(), exchange, error);
                    accounting.failed(exchange, null, null, error);
                    return;
                }
                exchange.bodyRequestId(decoded.result().gateway().attribution().requestId());
                serve(ctx, exchange, decoded.result(), responder);
            });
        });
    }

    /** Decodes a body: a large one on a worker (parsing megabytes of base64 images must not hold the event loop). */
    static Future<ChatRequest> decode(Vertx vertx, Buffer body, Function<Buffer, ChatRequest> decoder) {
        if (body != null && body.length() >= LARGE_BODY) {
            return vertx.executeBlocking(() -> decoder.apply(body), false);
        }
        try {
            return Future.succeededFuture(decoder.apply(body));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private void serve(RoutingContext ctx, Exchange exchange, ChatRequest request, Responder responder) {
        HttpServerResponse response = ctx.response();
        CacheDirectives directives;
        try {
            directives = cacheDirectives(ctx.request());
        } catch (GatewayException e) {
            fail(response, exchange, request, e, responder);
            return;
        }
        prepare(request, ctx.body().length(), directives).onComplete(prepared -> {
            if (prepared.failed()) {
                fail(response, exchange, request, prepared.cause(), responder);
                return;
            }
            CacheDecision cache = prepared.result().cache();
            caching.lookup(cache).onSuccess(lookup -> {
                if (lookup instanceof Lookup.Hit hit) {
                    replay(response, exchange, request, prepared.result().resolution(), hit, responder);
                    return;
                }
                response.putHeader(CACHE, lookup.header());
                if (cache.key() != null) {
                    response.putHeader(CACHE_KEY, cache.key().id());
                }
                route(response, exchange, request, prepared.result(), responder);
            });
        });
    }

    private void route(HttpServerResponse response, Exchange exchange, ChatRequest request, Prepared prepared,
                       Responder responder) {
        if (request.isStream()) {
            router.stream(prepared.resolution()).onComplete(ar -> {
                if (ar.failed()) {
                    fail(response, exchange, request, ar.cause(), responder);
                    return;
                }
                switch (ar.result()) {
                    case Routed<UpstreamStream> routed -> startStream(response, exchange, request, routed, responder,
                            prepared.cache());
                    case Attempted.Failed<UpstreamStream> failed -> unserved(response, exchange, request, failed,
                            responder);
                }
            });
        } else {
            router.chat(prepared.resolution()).onComplete(ar -> {
                if (ar.failed()) {
                    fail(response, exchange, request, ar.cause(), responder);
                    return;
                }
                switch (ar.result()) {
                    case Routed<Answer> routed -> answer(response, exchange, request, routed, responder,
                            prepared.cache());
                    case Attempted.Failed<Answer> failed -> unserved(response, exchange, request, failed, responder);
                }
            });
        }
    }

    private CacheDirectives cacheDirectives(HttpServerRequest request) {
        if (!caching.enabled()) {
            return CacheDirectives.NONE;
        }
        return CacheDirectives.fromHeaders(request.getHeader(HttpHeaders.CACHE_CONTROL),
                request.getHeader(CacheDirectives.TTL_HEADER));
    }

    /** Resolves the request and decides on caching; for a large body on a worker (token counting, hashing). */
    private Future<Prepared> prepare(ChatRequest request, int bodySize, CacheDirectives directives) {
        if (bodySize < LARGE_BODY) {
            try {
                return Future.succeededFuture(prepareNow(request, directives));
            } catch (GatewayException e) {
                return Future.failedFuture(e);
            }
        }
        return vertx.executeBlocking(() -> prepareNow(request, directives), false);
    }

    private Prepared prepareNow(ChatRequest request, CacheDirectives directives) {
        Resolution resolution = router.resolve(request);
        Candidate first = resolution.candidates().getFirst();
        return new Prepared(resolution, caching.decide(modelOf(first), first.request(), directives));
    }

    /**
     * The model a candidate serves, as cache keys name it: the catalog model id when the catalog knows the
     * model (every route of a model shares its entries), else {@code platform/model_string}.
     */
    private static String modelOf(Candidate candidate) {
        return candidate.model() != null ? candidate.model().id() : candidate.key();
    }

    /** A cached answer, as a whole answer or replayed as this protocol's stream; no upstream is called. */
    private void replay(HttpServerResponse response, Exchange exchange, ChatRequest request, Resolution resolution,
                        Lookup.Hit hit, Responder responder) {
        Buffer body;
        if (request.isStream()) {
            body = responder.replay(hit.answer(), request, BigDecimal.ZERO);
            response.setChunked(true);
            response.putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM);
            response.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        } else {
            body = responder.answer(hit.answer(), BigDecimal.ZERO);
            response.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
            response.putHeader(COST, "0");
        }
        response.putHeader(CACHE, HIT);
        response.putHeader(CACHE_KEY, hit.entry().id());
        resolutionHeaders(response, resolution);
        exchange.stamp(response);
        response.end(body);
        caching.served(hit, accounting.hit(exchange, request, resolution, hit.answer().usage()));
    }

    /**
     * A whole answer: priced, sent and recorded. While the recorder has room the answer goes first (the
     * record is built off the client's critical path); when its queue is full (a slow store) the record is
     * offered first and the answer waits for it to be taken, instead of a record being lost.
     */
    private void answer(HttpServerResponse response, Exchange exchange, ChatRequest request, Routed<Answer> routed,
                        Responder responder, CacheDecision cache) {
        exchange.waitedOnUpstream(routed.attempts().upstreamNanos());
        Answer answer = routed.value();
        Usage usage = answer.usage();
        Cost cost = accounting.cost(routed.served(), usage);
        BigDecimal total = cost == null ? null : cost.total();
        Buffer body = responder.answer(answer, total);
        response.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        if (total != null) {
            response.putHeader(COST, total.stripTrailingZeros().toPlainString());
        }
        routeHeaders(response, routed, routed.value().warnings());
        Accounting.Served served = new Accounting.Served(routed.served(), routed.attempts().count(),
                routed.resolution());
        // the answer's text is counted only when the upstream reported no usage
        Accounting.Outcome outcome = new Accounting.Outcome(UsageRecord.Outcome.success(), usage,
                usage == null ? answer.response() : null, null, cost);
        // kept after it was sent: an answer relayed as received is decoded for the cache only then
        Runnable send = () -> {
            exchange.stamp(response);
            response.end(body);
            caching.store(cache, modelOf(routed.served()), answer::response);
        };
        if (accounting.recorderHasRoom() || usage == null) {
            send.run();
            accounting.answered(exchange, request, served, outcome);
        } else {
            accounting.answered(exchange, request, served, outcome).onComplete(v -> send.run());
        }
    }

    private void startStream(HttpServerResponse response, Exchange exchange, ChatRequest request,
                             Routed<UpstreamStream> routed, Responder responder, CacheDecision cache) {
        UpstreamStream stream = routed.value();
        exchange.waitedOnUpstream(routed.attempts().upstreamNanos());
        Candidate candidate = routed.served();
        Accounting.Served served = new Accounting.Served(candidate, routed.attempts().count(), routed.resolution());
        if (response.closed()) {
            // the client left while the stream was primed: the upstream has begun answering, so it is recorded
            stream.cancel();
            accounting.answered(exchange, request, served, new Accounting.Outcome(UsageRecord.Outcome.clientClosed(),
                    null, StreamTap.nothingYet(stream.usageSoFar()), null, null));
            return;
        }
        response.setChunked(true);
        response.putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM);
        response.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        routeHeaders(response, routed, stream.warnings());
        exchange.stamp(response);
        StreamListener writer = responder.streamWriter(response, stream, request,
                usage -> accounting.price(candidate, usage));
        long relayStarted = System.nanoTime();
        StreamTap tap = new StreamTap(writer, stream::usageSoFar, (outcome, complete) -> {
            if (complete != null) {
                caching.store(cache, modelOf(candidate), () -> complete);
            }
            // the relay is paced by the upstream: the record's overhead, like the header's, is what came before it
            exchange.waitedOnUpstream(System.nanoTime() - relayStarted);
            accounting.answered(exchange, request, served, outcome);
        });
        response.closeHandler(v -> {
            stream.cancel();
            tap.clientLeft();
        });
        stream.start(tap);
    }

    /** Which route served, and the warnings of resolution and of the request the upstream got. */
    private static void routeHeaders(HttpServerResponse response, Routed<?> routed, java.util.List<String> warnings) {
        attemptHeaders(response, routed.served(), routed.attempts().count());
        resolutionHeaders(response, routed.resolution());
        for (String warning : warnings) {
            response.headers().add(WARNING, warning);
        }
    }

    /** The attempts made and the route of the last one (none when no route was tried). */
    private static void attemptHeaders(HttpServerResponse response, Candidate last, int attempts) {
        if (last != null) {
            response.putHeader(PLATFORM, last.route().platform());
            response.putHeader(ROUTE, last.key());
        }
        response.putHeader(ATTEMPTS, Integer.toString(attempts));
    }

    private static void resolutionHeaders(HttpServerResponse response, Resolution resolution) {
        for (String warning : resolution.warnings()) {
            response.headers().add(WARNING, warning);
        }
        if (resolution.migration() != null) {
            response.putHeader(MIGRATED, resolution.migration());
        }
    }
}
