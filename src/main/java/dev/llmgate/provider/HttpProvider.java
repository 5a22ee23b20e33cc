package dev.llmgate.provider;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.provider.http.HttpCall;
import dev.llmgate.provider.http.HttpReply;
import dev.llmgate.provider.http.Timing;
import dev.llmgate.provider.http.UpstreamClient;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A provider for any dialect whose upstream is plain HTTP with JSON and SSE: the dialect translates, the client carries. */
final class HttpProvider implements Provider {

    private final Dialect dialect;
    private final UpstreamClient client;

    HttpProvider(Dialect dialect, UpstreamClient client) {
        this.dialect = dialect;
        this.client = client;
    }

    @Override
    public Future<Answer> chat(Upstream upstream, ChatRequest request) {
        WireRequest wire;
        try {
            wire = dialect.toWire(upstream, request);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return client.exchange(call(upstream, wire)).compose(reply -> reply.isSuccess()
                ? Future.succeededFuture(answer(upstream, reply, wire.warnings()))
                : Future.failedFuture(dialect.errorFromWire(reply)));
    }

    /** The answer, kept as received when its dialect says a same-dialect client may take it so. */
    private Answer answer(Upstream upstream, HttpReply reply, List<String> warnings) {
        byte[] body = reply.body();
        Verbatim verbatim = dialect instanceof RelaysAnswers relays ? relays.verbatim(body) : null;
        if (verbatim == null) {
            return new Answer(dialect.fromWire(upstream, body), reply.timing(), warnings);
        }
        return Answer.verbatim(verbatim, () -> dialect.fromWire(upstream, body), reply.timing(), warnings);
    }

    @Override
    public Future<UpstreamStream> stream(Upstream upstream, ChatRequest request) {
        WireRequest wire;
        try {
            wire = dialect.toWire(upstream, request);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return client.open(call(upstream, wire)).compose(http -> {
            if (http.status() >= 200 && http.status() < 300) {
                UpstreamStream stream = new UpstreamStream(upstream, http, dialect.streamDecoder(upstream),
                        wire.warnings());
                return stream.prime().map(v -> stream);
            }
            return http.body().compose(body -> Future.failedFuture(dialect.errorFromWire(new HttpReply(
                    http.status(), http::header, body.getBytes(),
                    new Timing(http.sentNanos(), http.firstByteNanos(), System.nanoTime())))));
        });
    }

    private static HttpCall call(Upstream upstream, WireRequest wire) {
        Map<String, String> headers = new HashMap<>(wire.headers());
        headers.putAll(upstream.endpoint().headers());
        return new HttpCall(upstream.url(wire.path()), headers, wire.body());
    }
}
