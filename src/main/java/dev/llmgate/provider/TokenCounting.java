package dev.llmgate.provider;

import dev.llmgate.chat.ChatRequest;
import io.vertx.core.Future;

/** A provider that can ask its upstream how many input tokens a request holds. */
public interface TokenCounting {

    Future<Long> countTokens(Upstream upstream, ChatRequest request);
}
