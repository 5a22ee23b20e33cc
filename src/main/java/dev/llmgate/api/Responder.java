package dev.llmgate.api;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.Usage;
import java.math.BigDecimal;
import java.util.function.Function;
import dev.llmgate.provider.Answer;
import dev.llmgate.provider.StreamListener;
import dev.llmgate.provider.UpstreamStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** What an inbound protocol (OpenAI, Anthropic) supplies to the shared flow: how it writes answers and errors. */
public interface Responder {

    /**
     * The body of a whole (non-streamed) answer in this protocol; {@code cost} (null when unknown) is shown
     * where the protocol has a place for it (OpenAI's {@code usage.cost}, OpenRouter's convention).
     */
    Buffer answer(ChatResponse response, BigDecimal cost);

    /** The body of an upstream's whole answer; a protocol that speaks the upstream's dialect may relay it. */
    default Buffer answer(Answer answer, BigDecimal cost) {
        return answer(answer.response(), cost);
    }

    /**
     * A listener that writes an upstream stream to the client in this protocol (relaying it when it can);
     * {@code pricer} gives the cost of the usage the stream ends with, for the final chunk.
     */
    StreamListener streamWriter(HttpServerResponse response, UpstreamStream stream, ChatRequest request,
                                Function<Usage, BigDecimal> pricer);

    /**
     * The whole body of a stream in this protocol that tells {@code answer} (a cached answer) again, as a
     * live stream of it would have: every event the protocol's clients expect, in order, to the end.
     */
    Buffer replay(ChatResponse answer, ChatRequest request, BigDecimal cost);

    /** Writes a failure in this protocol's error envelope. */
    void error(HttpServerResponse response, Exchange exchange, Throwable failure);
}
