package dev.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in catalog's lifecycle dates applied on a fixed day: gpt-5 is deprecated now and sunset from 2026-12-11. */
class ResolverLifecycleTest {

    private static final Provider UNUSED = new Provider() {
        @Override
        public Future<Answer> chat(Upstream upstream, ChatRequest request) {
            return Future.failedFuture("not called");
        }

        @Override
        public Future<UpstreamStream> stream(Upstream upstream, ChatRequest request) {
            return Future.failedFuture("not called");
        }
    };

    private static final ChatRequest GPT5 = new ChatRequest("gpt-5",
            List.of(new Message.User(List.of(Part.Text.of("hi")), Extras.NONE)), Tooling.NONE, Sampling.NONE, null,
            null, Streaming.OFF, null, GatewayOptions.NONE, Extras.NONE);

    static Resolver resolverOn(String day, String sunset) {
        Registry registry = Registry.load(GatewayConfig.DEFAULT, Map.of("OPENAI_API_KEY", "k"));
        RouterConfig config = new RouterConfig(null, null, null, null, null, null, sunset);
        Clock clock = Clock.fixed(Instant.parse(day + "T12:00:00Z"), ZoneOffset.UTC);
        return new Resolver(registry, ProviderRegistry.of(Map.of("openai", UNUSED)),
                RouterSettings.from(config).checks(), clock);
    }

    @Test
    void beforeItsSunsetDateADeprecatedModelIsServedWithAWarning() {
        Resolution resolution = resolverOn("2026-12-01", null).resolve(GPT5);

        assertThat(resolution.migration()).isNull();
        assertThat(resolution.candidates().getFirst().model().id()).isEqualTo("gpt-5");
        assertThat(resolution.warnings()).singleElement().asString().contains("deprecated").contains("2026-12-11");
    }

    @Test
    void fromItsSunsetDateItMigratesOrIsRefusedPerConfig() {
        Resolution migrated = resolverOn("2026-12-11", null).resolve(GPT5);
        assertThat(migrated.migration()).isEqualTo("gpt-5 -> gpt-6.1-sol");
        assertThat(migrated.candidates().getFirst().model().id()).isEqualTo("gpt-6.1-sol");

        assertThatThrownBy(() -> resolverOn("2026-12-11", "reject").resolve(GPT5))
                .isInstanceOfSatisfying(GatewayException.NotFound.class,
                        e -> assertThat(e.code()).isEqualTo("model_sunset"));
    }
}
