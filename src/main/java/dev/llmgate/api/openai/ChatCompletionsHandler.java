package dev.llmgate.api.openai;

import dev.llmgate.api.ChatFlow;
import dev.llmgate.api.Exchange;
import dev.llmgate.api.Responder;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamReplay;
import dev.llmgate.provider.Answer;
import dev.llmgate.provider.StreamListener;
import dev.llmgate.provider.Verbatim;
import dev.llmgate.provider.UpstreamStream;
import dev.llmgate.provider.openai.OpenAiAnswerScan;
import dev.llmgate.provider.openai.OpenAiChunks;
import dev.llmgate.provider.openai.OpenAiDialect;
import dev.llmgate.provider.openai.OpenAiRequestCodec;
import dev.llmgate.provider.openai.OpenAiResponseCodec;
import dev.llmgate.chat.Usage;
import io.vertx.core.Handler;
import java.math.BigDecimal;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /v1/chat/completions}: OpenAI's chat API in front of every upstream. */
public final class ChatCompletionsHandler implements Handler<RoutingContext>, Responder {

    private final ChatFlow flow;

    public ChatCompletionsHandler(ChatFlow flow) {
        this.flow = flow;
    }

    @Override
    public void handle(RoutingContext ctx) {
        flow.decodeAndRun(ctx, Exchange.begin(ctx), ChatCompletionsHandler::parse, this);
    }

    private static ChatRequest parse(Buffer body) {
        if (body == null || body.length() == 0) {
            throw new GatewayException.BadRequest("The request body is empty; send a JSON object.", null,
                    "invalid_json");
        }
        return decode(Json.parseObject(body.getBytes()));
    }

    /** An OpenAI chat body as a canonical request (also for the admin API's cost estimate). */
    public static ChatRequest decode(ObjectNode body) {
        return OpenAiRequestCodec.fromWire(body);
    }

    @Override
    public Buffer answer(ChatResponse response, BigDecimal cost) {
        // Anthropic answers carry no timestamp; OpenAI clients expect one
        ChatResponse stamped = response.created() != 0 ? response : response.withCreated(nowSeconds());
        return Buffer.buffer(Json.bytes(OpenAiResponseCodec.toWire(stamped, cost)));
    }

    /** An OpenAI-dialect upstream's answer goes as received (with its cost added) when it already is what the spec asks. */
    @Override
    public Buffer answer(Answer answer, BigDecimal cost) {
        Verbatim verbatim = answer.verbatim();
        if (verbatim == null || !verbatim.dialect().equals(OpenAiDialect.ID)) {
            return answer(answer.response(), cost);
        }
        return OpenAiAnswerScan.withCost(verbatim, cost);
    }

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    @Override
    public StreamListener streamWriter(HttpServerResponse response, UpstreamStream stream, ChatRequest request,
                                       Function<Usage, BigDecimal> pricer) {
        return new OpenAiStreamWriter(response, stream, new OpenAiChunks(request.streaming().includeUsage(),
                nowSeconds(), pricer), pricer);
    }

    @Override
    public Buffer replay(ChatResponse answer, ChatRequest request, BigDecimal cost) {
        OpenAiChunks chunks = new OpenAiChunks(request.streaming().includeUsage(), nowSeconds(), usage -> cost);
        Buffer out = Buffer.buffer();
        StreamReplay.events(answer).forEach(event -> chunks.write(event, out));
        return out;
    }

    @Override
    public void error(HttpServerResponse response, Exchange exchange, Throwable failure) {
        OpenAiErrorRenderer.send(response, exchange, failure);
    }
}
