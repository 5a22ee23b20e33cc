package dev.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.catalog.Registry;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.GatewayOptions;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.Sampling;
import dev.llmgate.chat.Streaming;
import dev.llmgate.chat.Tooling;
import dev.llmgate.config.GatewayConfig;
import dev.llmgate.config.RouterConfig;
import dev.llmgate.provider.Answer;
import dev.llmgate.provider.Provider;
import dev.llmgate.provider.ProviderRegistry;
import dev.llmgate.provider.Upstream;
import dev.llmgate.provider.UpstreamStream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A failure of the gateway's own making during an attempt is a 500, never retried nor charged to the route. */
class RouterFaultTest {

    private static final ChatRequest HELLO = new ChatRequest("gpt-4o-mini",
            List.of(new Message.User(List.of(Part.Text.of("hi")), Extras.NONE)), Tooling.NONE, Sampling.NONE, null,
            null, Streaming.OFF, null, GatewayOptions.NONE, Extras.NONE);

    @Test
    void aBugInsideAnAttemptIsAGatewayFaultThatNoOtherAttemptRepeats() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Provider broken = new Provider() {
            @Override
            public Future<Answer> chat(Upstream upstream, ChatRequest request) {
                calls.incrementAndGet();
                return Future.failedFuture(new IllegalStateException("a translation bug"));
            }

            @Override
            public Future<UpstreamStream> stream(Upstream upstream, ChatRequest request) {
                return Future.failedFuture(new IllegalStateException("a translation bug"));
            }
        };
        Vertx vertx = Vertx.vertx();
        try {
            Registry registry = Registry.load(GatewayConfig.DEFAULT,
                    Map.of("OPENAI_API_KEY", "k", "OPENROUTER_API_KEY", "k"));
            Router router = new Router(vertx, registry, ProviderRegistry.of(Map.of("openai", broken)),
                    RouterSettings.from(new RouterConfig(null, 2, null, null, null, null, null)),
                    Router.Sources.system());
            Resolution resolution = router.resolve(HELLO);
            assertThat(resolution.candidates()).as("two routes to fall back on").hasSizeGreaterThan(1);

            Attempted<Answer> outcome = router.chat(resolution).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);

            assertThat(outcome).isInstanceOf(Attempted.Failed.class);
            GatewayException error = ((Attempted.Failed<Answer>) outcome).error();
            assertThat(error).isInstanceOf(GatewayException.GatewayFault.class);
            assertThat(error.code()).isEqualTo("internal_error");
            assertThat(calls.get()).as("no retry, no fallback").isEqualTo(1);
            assertThat(router.statistics().values()).as("the route tried has statistics, and no failure in them")
                    .isNotEmpty().allSatisfy(view -> assertThat(view.failures()).isZero());
        } finally {
            vertx.close();
        }
    }
}
