package dev.llmgate.provider;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.provider.http.HttpCall;
import dev.llmgate.provider.http.UpstreamClient;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/** Token counting over the shared client, for a dialect whose API has it. */
final class HttpTokenCounting implements TokenCounting {

    private final Dialect dialect;
    private final CountsTokens counts;
    private final UpstreamClient client;

    HttpTokenCounting(Dialect dialect, CountsTokens counts, UpstreamClient client) {
        this.dialect = dialect;
        this.counts = counts;
        this.client = client;
    }

    @Override
    public Future<Long> countTokens(Upstream upstream, ChatRequest request) {
        WireRequest wire;
        try {
            wire = counts.countTokensToWire(upstream, request);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        Map<String, String> headers = new HashMap<>(wire.headers());
        headers.putAll(upstream.endpoint().headers());
        return client.exchange(new HttpCall(upstream.url(wire.path()), headers, wire.body()))
                .compose(reply -> reply.isSuccess()
                        ? Future.succeededFuture(counts.inputTokensFromWire(reply.body()))
                        : Future.failedFuture(dialect.errorFromWire(reply)));
    }
}
