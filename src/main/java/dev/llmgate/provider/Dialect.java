package dev.llmgate.provider;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.provider.http.HttpReply;

/**
 * One upstream API dialect as pure translation: canonical request to wire, wire answer to canonical, a
 * stream decoder, and the dialect's error bodies to exceptions. No I/O; tested offline against recordings.
 */
public interface Dialect {

    /** The dialect's name, as used in the catalog ("openai", "anthropic", "gemini"). */
    String id();

    WireRequest toWire(Upstream upstream, ChatRequest request);

    ChatResponse fromWire(Upstream upstream, byte[] body);

    StreamDecoder streamDecoder(Upstream upstream);

    /** The exception for an upstream's error answer (a non-2xx status). */
    GatewayException errorFromWire(HttpReply reply);
}
