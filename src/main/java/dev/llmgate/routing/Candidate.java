package dev.llmgate.routing;

import dev.llmgate.catalog.Model;
import dev.llmgate.catalog.Route;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.provider.Upstream;

/**
 * One way to serve a request: a route, the catalog model behind it (null for a {@code platform/model} the
 * catalog does not know), the upstream to call, and the request as prepared for that model.
 * {@code group} is 0 for the requested model and 1, 2… for the fallback models the client listed.
 */
public record Candidate(Model model, Route route, Upstream upstream, ChatRequest request, int group) {

    /** The key statistics and cooldowns are kept under. */
    public String key() {
        return route.key();
    }

    public int contextWindow() {
        return model == null ? Integer.MAX_VALUE : model.limits().contextWindow();
    }
}
