package dev.llmgate.api.openai;

import dev.llmgate.api.Exchange;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.provider.Answer;
import dev.llmgate.provider.Upstream;
import dev.llmgate.provider.UpstreamStream;
import dev.llmgate.provider.openai.OpenAiRequestCodec;
import dev.llmgate.provider.openai.OpenAiResponseCodec;
import dev.llmgate.routing.Routed;
import dev.llmgate.routing.Router;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /v1/chat/completions}: OpenAI's chat API in front of every upstream. */
public final class ChatCompletionsHandler implements Handler<RoutingContext> {

    private static final CharSequence CONTENT_TYPE = HttpHeaders.CONTENT_TYPE;
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");
    private static final CharSequence PLATFORM = HttpHeaders.createOptimized("x-llmgate-platform");
    private static final CharSequence ROUTE = HttpHeaders.createOptimized("x-llmgate-route");
    private static final CharSequence ATTEMPTS = HttpHeaders.createOptimized("x-llmgate-attempts");

    private final Router router;

    public ChatCompletionsHandler(Router router) {
        this.router = router;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Exchange exchange = Exchange.begin(ctx);
        ChatRequest request;
        try {
            Buffer body = ctx.body().buffer();
            if (body == null || body.length() == 0) {
                throw new GatewayException.BadRequest("The request body is empty; send a JSON object.", null,
                        "invalid_json");
            }
            request = OpenAiRequestCodec.fromWire(Json.parseObject(body.getBytes()));
        } catch (GatewayException e) {
            OpenAiErrorRenderer.send(ctx.response(), exchange, e);
            return;
        }
        if (request.isStream()) {
            router.stream(request).onComplete(ar -> {
                if (ar.succeeded()) {
                    startStream(ctx.response(), exchange, request, ar.result());
                } else {
                    OpenAiErrorRenderer.send(ctx.response(), exchange, ar.cause());
                }
            });
        } else {
            router.chat(request).onComplete(ar -> {
                if (ar.succeeded()) {
                    respond(ctx.response(), exchange, ar.result());
                } else {
                    OpenAiErrorRenderer.send(ctx.response(), exchange, ar.cause());
                }
            });
        }
    }

    private static void respond(HttpServerResponse response, Exchange exchange, Routed<Answer> routed) {
        exchange.waitedOnUpstream(routed.value().timing().upstreamNanos());
        byte[] body = Json.bytes(OpenAiResponseCodec.toWire(routed.value().response()));
        response.putHeader(CONTENT_TYPE, JSON);
        routeHeaders(response, routed.upstream(), routed.attempts());
        exchange.stamp(response);
        response.end(Buffer.buffer(body));
    }

    private static void startStream(HttpServerResponse response, Exchange exchange, ChatRequest request,
                                    Routed<UpstreamStream> routed) {
        UpstreamStream stream = routed.value();
        if (response.closed()) {
            stream.cancel();
            return;
        }
        exchange.waitedOnUpstream(stream.firstByteNanos() - stream.sentNanos());
        response.setChunked(true);
        response.putHeader(CONTENT_TYPE, EVENT_STREAM);
        response.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        routeHeaders(response, routed.upstream(), routed.attempts());
        exchange.stamp(response);
        OpenAiStreamWriter writer = new OpenAiStreamWriter(response, stream, exchange,
                request.streaming().includeUsage());
        response.closeHandler(v -> stream.cancel());
        stream.start(writer);
    }

    static void routeHeaders(HttpServerResponse response, Upstream upstream, int attempts) {
        response.putHeader(PLATFORM, upstream.platform());
        response.putHeader(ROUTE, upstream.platform() + "/" + upstream.model());
        response.putHeader(ATTEMPTS, Integer.toString(attempts));
    }
}
