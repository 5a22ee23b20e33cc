package dev.llmgate.api.anthropic;

import dev.llmgate.api.ErrorReply;
import dev.llmgate.api.Exchange;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.TokenCounter;
import dev.llmgate.provider.ProviderRegistry;
import dev.llmgate.provider.anthropic.AnthropicErrors;
import dev.llmgate.provider.anthropic.AnthropicRequestCodec;
import dev.llmgate.routing.Candidate;
import dev.llmgate.routing.Router;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/messages/count_tokens}: asked of the upstream when its API counts tokens (Anthropic),
 * estimated with the o200k tokenizer otherwise. The answer says which: {@code x-llmgate-token-count} is
 * {@code upstream} or {@code estimate}.
 */
public final class CountTokensHandler implements Handler<RoutingContext> {

    private final Vertx vertx;
    private final Router router;
    private final ProviderRegistry providers;

    public CountTokensHandler(Vertx vertx, Router router, ProviderRegistry providers) {
        this.vertx = vertx;
        this.router = router;
        this.providers = providers;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Exchange exchange = Exchange.begin(ctx);
        ChatRequest request;
        Candidate candidate;
        try {
            ObjectNode body = MessagesHandler.parse(ctx.body().buffer());
            request = AnthropicRequestCodec.countTokensFromWire(body).withHeaders(MessagesHandler.upstreamHeaders(ctx));
            candidate = router.resolve(request).candidates().getFirst();
        } catch (GatewayException e) {
            ErrorReply.send(ctx.response(), exchange, e, AnthropicErrors::envelope);
            return;
        }
        var upstream = providers.tokenCounting(candidate.upstream().dialect());
        Future<Long> counted = upstream.isPresent()
                ? upstream.get().countTokens(candidate.upstream(), candidate.request())
                : vertx.executeBlocking(() -> TokenCounter.prompt(request), false);
        String source = upstream.isPresent() ? "upstream" : "estimate";
        counted.onComplete(ar -> {
            if (ar.failed()) {
                ErrorReply.send(ctx.response(), exchange, ar.cause(), AnthropicErrors::envelope);
                return;
            }
            exchange.stamp(ctx.response());
            ctx.response().putHeader("content-type", "application/json").putHeader("x-llmgate-token-count", source)
                    .end(Buffer.buffer(Json.bytes(Json.object().put("input_tokens", ar.result()))));
        });
    }
}
