package dev.llmgate.api.anthropic;

import dev.llmgate.api.ChatFlow;
import dev.llmgate.api.ErrorReply;
import dev.llmgate.api.Exchange;
import dev.llmgate.api.Responder;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.DialectHeaders;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamReplay;
import dev.llmgate.provider.StreamListener;
import dev.llmgate.provider.UpstreamStream;
import dev.llmgate.provider.anthropic.AnthropicDialect;
import dev.llmgate.provider.anthropic.AnthropicErrors;
import dev.llmgate.provider.anthropic.AnthropicEvents;
import dev.llmgate.provider.anthropic.AnthropicRequestCodec;
import dev.llmgate.provider.anthropic.AnthropicResponseCodec;
import dev.llmgate.chat.Usage;
import io.vertx.core.Handler;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/messages}: Anthropic's Messages API in front of every upstream, so the Anthropic SDK (and
 * tools built on it) reach any provider. Clients may authenticate with {@code x-api-key} or a bearer token.
 */
public final class MessagesHandler implements Handler<RoutingContext>, Responder {

    private final ChatFlow flow;

    public MessagesHandler(ChatFlow flow) {
        this.flow = flow;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Exchange exchange = Exchange.begin(ctx);
        DialectHeaders headers = upstreamHeaders(ctx);
        flow.decodeAndRun(ctx, exchange, body -> AnthropicRequestCodec.fromWire(parse(body)).withHeaders(headers), this);
    }

    /** The client's headers that Anthropic upstreams receive too (its API version and betas). */
    static DialectHeaders upstreamHeaders(RoutingContext ctx) {
        Map<String, String> values = new HashMap<>(2);
        for (String name : AnthropicDialect.CLIENT_HEADERS) {
            String value = ctx.request().getHeader(name);
            if (value != null && !value.isBlank()) {
                values.put(name, value);
            }
        }
        return DialectHeaders.of(AnthropicDialect.ID, values);
    }

    static ObjectNode parse(Buffer body) {
        if (body == null || body.length() == 0) {
            throw new GatewayException.BadRequest("The request body is empty; send a JSON object.", null,
                    "invalid_json");
        }
        return Json.parseObject(body.getBytes());
    }

    @Override
    public Buffer answer(ChatResponse response, BigDecimal cost) {
        return Buffer.buffer(Json.bytes(AnthropicResponseCodec.toWire(response)));
    }

    @Override
    public StreamListener streamWriter(HttpServerResponse response, UpstreamStream stream, ChatRequest request,
                                       Function<Usage, BigDecimal> pricer) {
        return new AnthropicStreamWriter(response, stream, request);
    }

    @Override
    public Buffer replay(ChatResponse answer, ChatRequest request, BigDecimal cost) {
        AnthropicEvents events = new AnthropicEvents();
        Buffer out = Buffer.buffer();
        StreamReplay.events(answer).forEach(event -> events.write(event, out));
        return out;
    }

    @Override
    public void error(HttpServerResponse response, Exchange exchange, Throwable failure) {
        send(response, exchange, failure);
    }

    /** An error in Anthropic's envelope, also for failures of the HTTP edge (413) on Anthropic's paths. */
    public static void send(HttpServerResponse response, Exchange exchange, Throwable failure) {
        ErrorReply.send(response, exchange, failure, AnthropicErrors::envelope);
    }
}
