package dev.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.RunningGateway;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What picks the route among a model's routes, end to end: the cost strategy with each platform's own price,
 * OpenRouter's {@code provider} object (order, allow_fallbacks; passed on to OpenRouter alone), and
 * {@code provider} as a string, narrowing by who made the model.
 */
class RouteChoiceIT {

    static FakeUpstream fake;
    static RunningGateway gateway;

    static final String TEXT = "replay:openai/chat-text.json";

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.start("""
                upstream: { connect_timeout: 2, first_byte_timeout: 3, idle_timeout: 2, total_timeout: 20 }
                cache: { enabled: false }
                platforms:
                  - { id: alpha, dialect: openai, base_url: "%1$s", api_key: a }
                  - { id: beta, dialect: openai, base_url: "%1$s", api_key: b }
                  - { id: openrouter, base_url: "%1$s", api_key: o }
                router:
                  strategy: cost
                  retries: 0
                  cooldown: { failures: 100, seconds: 1 }
                models:
                  - id: hosted-twice
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    pricing: { input_per_million: 1, output_per_million: 1 }
                    routes:
                      - { platform: alpha, model_string: "%2$s", pricing: { input_per_million: 2, output_per_million: 2 } }
                      - { platform: beta, model_string: "%2$s", pricing: { input_per_million: 0.2, output_per_million: 0.2 } }
                  - id: three-hosts
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    pricing: { input_per_million: 1, output_per_million: 1 }
                    routes:
                      - { platform: alpha, model_string: "%2$s", priority: 1 }
                      - { platform: beta, model_string: "status:503", priority: 2 }
                      - { platform: openrouter, model_string: "%2$s", priority: 3 }
                  - id: fails-first
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    pricing: { input_per_million: 1, output_per_million: 1 }
                    routes:
                      - { platform: alpha, model_string: "status:503", priority: 1 }
                      - { platform: beta, model_string: "%2$s", priority: 2 }
                """.formatted(fake.baseUrl(), TEXT), Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    @BeforeEach
    void clear() {
        fake.clear();
    }

    @Test
    void theCostStrategyTakesTheRouteWithTheLowerOwnPriceAndPricesTheAnswerWithIt() {
        HttpResponse<String> response = gateway.chat("hosted-twice", "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-llmgate-platform")).hasValue("beta");
        // 14 prompt and 37 completion tokens at beta's 0.20 per million, not the model's 1.00
        assertThat(new BigDecimal(response.headers().firstValue("x-llmgate-cost").orElseThrow()))
                .isEqualByComparingTo("0.0000102");
        JsonNode view = Json.MAPPER.readTree(gateway.get("/api/registry/models/hosted-twice").body());
        assertThat(view.at("/routes/1/pricing/input_per_million").decimalValue()).isEqualByComparingTo("0.2");
    }

    @Test
    void providerOrderIsTriedFirstAndTheObjectReachesOnlyOpenRouter() {
        HttpResponse<String> response = gateway.chat("three-hosts",
                ",\"provider\":{\"order\":[\"beta\",\"openrouter\"],\"data_collection\":\"deny\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-llmgate-platform")).hasValue("openrouter");
        assertThat(response.headers().firstValue("x-llmgate-attempts")).hasValue("2");
        assertThat(fake.count(TEXT)).as("alpha, though first by priority, was not needed").isEqualTo(1);
        for (FakeUpstream.Received received : fake.received()) {
            if (received.model().equals("status:503")) {
                assertThat(received.body().has("provider")).as("an OpenAI-dialect platform would reject it")
                        .isFalse();
            } else {
                assertThat(received.body().path("provider").path("data_collection").asString()).isEqualTo("deny");
                assertThat(received.body().at("/provider/order/0").asString()).isEqualTo("beta");
            }
        }
    }

    @Test
    void withoutFallbacksOnlyTheOrderedPlatformsAreTried() {
        HttpResponse<String> response = gateway.chat("three-hosts",
                ",\"provider\":{\"order\":[\"beta\"],\"allow_fallbacks\":false}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("x-llmgate-attempts")).hasValue("1");
        assertThat(fake.received()).extracting(FakeUpstream.Received::model).containsExactly("status:503");

        // without an order, only the model's first route: its failure is the answer
        fake.clear();
        HttpResponse<String> primaryOnly = gateway.chat("fails-first", ",\"provider\":{\"allow_fallbacks\":false}");
        assertThat(primaryOnly.statusCode()).isEqualTo(503);
        assertThat(primaryOnly.headers().firstValue("x-llmgate-attempts")).hasValue("1");
        assertThat(fake.received()).extracting(FakeUpstream.Received::model).containsExactly("status:503");

        fake.clear();
        assertThat(gateway.chat("fails-first", "").headers().firstValue("x-llmgate-platform")).as("falls back by default")
                .hasValue("beta");
    }

    @Test
    void aMalformedProviderObjectIsRefusedNamingItsFieldAndReachesNoUpstream() {
        for (String[] bad : new String[][] {{"{\"order\":\"beta\"}", "provider.order"},
                {"{\"order\":[1]}", "provider.order"}, {"{\"allow_fallbacks\":\"no\"}", "provider.allow_fallbacks"}}) {
            HttpResponse<String> response = gateway.chat("three-hosts", ",\"provider\":" + bad[0]);
            assertThat(response.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(RunningGateway.errorOf(response).path("param").asString()).as(bad[0]).isEqualTo(bad[1]);
        }
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void providerAsAStringNarrowsByTheModelsMaker() {
        assertThat(gateway.chat("three-hosts", ",\"provider\":\"meta\"").statusCode()).isEqualTo(200);

        fake.clear();
        HttpResponse<String> wrongMaker = gateway.chat("three-hosts", ",\"provider\":\"openai\"");
        assertThat(wrongMaker.statusCode()).isEqualTo(404);
        JsonNode error = Json.MAPPER.readTree(wrongMaker.body()).path("error");
        assertThat(error.path("param").asString()).isEqualTo("provider");
        assertThat(error.path("message").asString()).contains("made by 'meta'");
        assertThat(fake.received()).as("refused before any upstream call").isEmpty();

        HttpResponse<String> badShape = gateway.chat("three-hosts", ",\"provider\":42");
        assertThat(badShape.statusCode()).isEqualTo(400);
        assertThat(fake.received()).isEmpty();
    }
}
