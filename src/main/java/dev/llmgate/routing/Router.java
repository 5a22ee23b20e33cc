package dev.llmgate.routing;

import dev.llmgate.catalog.Platform;
import dev.llmgate.catalog.PlatformCatalog;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.provider.Answer;
import dev.llmgate.provider.ParamRules;
import dev.llmgate.provider.ProviderRegistry;
import dev.llmgate.provider.Upstream;
import dev.llmgate.provider.UpstreamStream;
import io.vertx.core.Future;
import java.util.stream.Collectors;

/**
 * Chooses the upstream for a request and calls it. A model is addressed as {@code platform/model}: the
 * prefix picks the platform, the rest is the model string sent upstream, whether or not any catalog knows it.
 */
public final class Router {

    private final PlatformCatalog platforms;
    private final ProviderRegistry providers;

    public Router(PlatformCatalog platforms, ProviderRegistry providers) {
        this.platforms = platforms;
        this.providers = providers;
    }

    public Future<Routed<Answer>> chat(ChatRequest request) {
        Upstream upstream;
        try {
            upstream = resolve(request);
        } catch (GatewayException e) {
            return Future.failedFuture(e);
        }
        return providers.forDialect(upstream.dialect()).chat(upstream, request)
                .map(answer -> new Routed<>(answer, upstream, 1));
    }

    public Future<Routed<UpstreamStream>> stream(ChatRequest request) {
        Upstream upstream;
        try {
            upstream = resolve(request);
        } catch (GatewayException e) {
            return Future.failedFuture(e);
        }
        return providers.forDialect(upstream.dialect()).stream(upstream, request)
                .map(stream -> new Routed<>(stream, upstream, 1));
    }

    Upstream resolve(ChatRequest request) {
        String model = request.model();
        int slash = model.indexOf('/');
        String platformId = request.gateway().narrowing().platform();
        String modelString = model;
        if (slash > 0 && platforms.get(model.substring(0, slash)) != null) {
            platformId = model.substring(0, slash);
            modelString = model.substring(slash + 1);
        }
        Platform platform = platformId == null ? null : platforms.get(platformId);
        if (platform == null) {
            throw new GatewayException.NotFound("The model '" + model + "' does not exist. Address a model as "
                    + "'<platform>/<model>', for example 'openai/gpt-4o-mini'; platforms: " + platformList() + ".",
                    "model_not_found", "model");
        }
        if (!platform.configured()) {
            throw new GatewayException.Unauthorized("The platform '" + platform.id() + "' is not configured: "
                    + platform.howToConfigure() + ".", "platform_not_configured");
        }
        if (!providers.speaks(platform.dialect())) {
            throw new GatewayException.NotFound("The platform '" + platform.id() + "' speaks the '"
                    + platform.dialect() + "' dialect, which this gateway does not.", "model_not_found", "model");
        }
        return new Upstream(platform.id(), platform.dialect(),
                new Upstream.Endpoint(platform.baseUrl(), platform.apiKey(), platform.headers()),
                new ParamRules(platform.rename(), platform.drop(), platform.forward()), modelString);
    }

    private String platformList() {
        return platforms.all().stream().map(Platform::id).collect(Collectors.joining(", "));
    }
}
