package dev.llmgate.provider;

import dev.llmgate.chat.ChatRequest;

/** A dialect whose API counts a request's input tokens itself (Anthropic's count_tokens): pure translation. */
public interface CountsTokens {

    WireRequest countTokensToWire(Upstream upstream, ChatRequest request);

    long inputTokensFromWire(byte[] body);
}
