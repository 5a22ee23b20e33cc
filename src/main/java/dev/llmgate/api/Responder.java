package dev.llmgate.api;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.provider.StreamListener;
import dev.llmgate.provider.UpstreamStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** What an inbound protocol (OpenAI, Anthropic) supplies to the shared flow: how it writes answers and errors. */
public interface Responder {

    /** The body of a whole (non-streamed) answer in this protocol. */
    Buffer answer(ChatResponse response);

    /** A listener that writes an upstream stream to the client in this protocol (relaying it when it can). */
    StreamListener streamWriter(HttpServerResponse response, UpstreamStream stream, ChatRequest request);

    /**
     * The whole body of a stream in this protocol that tells {@code answer} (a cached answer) again, as a
     * live stream of it would have: every event the protocol's clients expect, in order, to the end.
     */
    Buffer replay(ChatResponse answer, ChatRequest request);

    /** Writes a failure in this protocol's error envelope. */
    void error(HttpServerResponse response, Exchange exchange, Throwable failure);
}
