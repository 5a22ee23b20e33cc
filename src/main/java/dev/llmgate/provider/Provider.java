package dev.llmgate.provider;

import dev.llmgate.chat.ChatRequest;
import io.vertx.core.Future;

/**
 * One upstream call, answered whole or as a stream. Stateless and shared; failures are GatewayExceptions
 * whose type says whether trying again can help.
 */
public interface Provider {

    Future<Answer> chat(Upstream upstream, ChatRequest request);

    /**
     * Completes once the upstream accepted the request (status 2xx) and its first event decoded (held for
     * the listener, see {@link UpstreamStream}); fails when it failed before that. The rest is read as it comes.
     */
    Future<UpstreamStream> stream(Upstream upstream, ChatRequest request);
}
