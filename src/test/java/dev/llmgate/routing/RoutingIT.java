package dev.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Routing end to end: catalog models from the config file with routes on two platforms (both the fake
 * upstream, which fails on command), retries, fallbacks, cooldowns, model-spec checks, lifecycle, reload.
 */
class RoutingIT {

    static FakeUpstream fake;
    static RunningGateway gateway;

    static String config(FakeUpstream fake, String extraModels) {
        return """
                upstream: { connect_timeout: 2, first_byte_timeout: 3, idle_timeout: 2, total_timeout: 20 }
                cache: { enabled: false }   # these tests repeat requests to watch routing, not the cache
                platforms:
                  - { id: alpha, dialect: openai, base_url: "%1$s", api_key: a }
                  - { id: beta, dialect: openai, base_url: "%1$s", api_key: b }
                router:
                  retries: 2
                  cooldown: { failures: 2, seconds: 1 }
                  max_retry_wait: 1
                models:
                  - id: retry-then-fallback
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    capabilities: [tools, streaming, system_messages]
                    pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                    routes:
                      - { platform: alpha, model_string: "status:503", priority: 1 }
                      - { platform: beta, model_string: "replay:openai/chat-text.json", priority: 2 }
                  - id: waits-for-retry-after
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                    routes:
                      - { platform: alpha, model_string: "status:429:300", priority: 1 }
                      - { platform: beta, model_string: "replay:openai/chat-text-2026.json", priority: 2 }
                  - id: too-long-retry-after
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                    routes:
                      - { platform: alpha, model_string: "status:429:5000", priority: 1 }
                      - { platform: beta, model_string: "replay:openai/chat-tool-call.json", priority: 2 }
                  - id: rejects
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                    routes:
                      - { platform: alpha, model_string: "status:400", priority: 1 }
                      - { platform: beta, model_string: "replay:openai/chat-text.json", priority: 2 }
                  - id: small-window
                    provider: meta
                    context_window: 1000
                    max_output_tokens: 500
                    pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                    routes:
                      - { platform: alpha, model_string: "replay:openai/error-400-context-length-exceeded.json" }
                  - id: big-window
                    provider: meta
                    context_window: 200000
                    max_output_tokens: 8192
                    pricing: { input_per_million: 1, output_per_million: 1 }
                    routes:
                      - { platform: beta, model_string: "replay:openai/chat-cached-tokens.json" }
                  - id: cools-down
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                    routes:
                      - { platform: alpha, model_string: "switch:cool:openai/chat-text.json", priority: 1 }
                      - { platform: beta, model_string: "replay:openai/chat-text-2026.json", priority: 2 }
                  - id: streams
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    capabilities: [streaming]
                    pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                    routes:
                      - { platform: alpha, model_string: "cut:openai/stream-text-include-usage.sse:3", priority: 1 }
                      - { platform: beta, model_string: "replay:openai/stream-text-include-usage.sse", priority: 2 }
                  - id: streams-after-a-refusal
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                    routes:
                      - { platform: alpha, model_string: "status:500", priority: 1 }
                      - { platform: beta, model_string: "replay:openai/stream-tool-calls-parallel.sse", priority: 2 }
                  - id: primary-down
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                    routes:
                      - { platform: alpha, model_string: "status:502" }
                  - id: text-only
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    capabilities: [streaming]
                    unsupported_params: [temperature]
                    pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                    routes:
                      - { platform: alpha, model_string: "replay:openai/chat-text.json" }
                  - id: old-model
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    status: deprecated
                    deprecation_date: 2026-01-01
                    sunset_date: 2027-06-01
                    migration_to: big-window
                    pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                    routes:
                      - { platform: alpha, model_string: "replay:openai/chat-text.json" }
                  - id: retired-model
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    status: sunset
                    sunset_date: 2026-01-01
                    migration_to: big-window
                    pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                    routes:
                      - { platform: alpha, model_string: "replay:openai/chat-text.json" }
                  - id: on-both
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                    routes:
                      - { platform: alpha, model_string: "replay:openai/chat-text.json", priority: 1 }
                      - { platform: beta, model_string: "replay:openai/chat-text-2026.json", priority: 2 }
                """.formatted(fake.baseUrl()) + extraModels;
    }

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.start(config(fake, ""), Map.of());
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
    void aRetryableFailureIsRetriedWithBackoffThenTheNextRouteAnswers() {
        long start = System.nanoTime();
        HttpResponse<String> response = gateway.chat("retry-then-fallback", "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-llmgate-platform")).hasValue("beta");
        assertThat(response.headers().firstValue("x-llmgate-attempts")).hasValue("3");
        assertThat(fake.count("status:503")).as("first attempt and one retry, then cooled down").isEqualTo(2);
        assertThat(fake.count("replay:openai/chat-text.json")).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("one backoff of at least 100 ms")
                .isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void retryAfterIsHonouredWhenShortAndSkippedWhenTooLong() {
        long start = System.nanoTime();
        HttpResponse<String> waited = gateway.chat("waits-for-retry-after", "");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(waited.statusCode()).isEqualTo(200);
        assertThat(fake.count("status:429:300")).isEqualTo(2);
        assertThat(took).as("waited the 300 ms the upstream asked for").isGreaterThanOrEqualTo(Duration.ofMillis(300));

        start = System.nanoTime();
        HttpResponse<String> skipped = gateway.chat("too-long-retry-after", "");
        assertThat(skipped.statusCode()).isEqualTo(200);
        assertThat(fake.count("status:429:5000")).as("not retried: 5 s is over max_retry_wait").isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aNonRetryableErrorIsReturnedAtOnce() {
        HttpResponse<String> response = gateway.chat("rejects", "");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fake.received()).hasSize(1);
    }

    @Test
    void contextLengthExceededMovesToAModelWithALargerWindow() {
        HttpResponse<String> upstreamSaid = gateway.chat("small-window", ",\"models\":[\"big-window\"]");
        assertThat(upstreamSaid.statusCode()).as(upstreamSaid.body()).isEqualTo(200);
        assertThat(upstreamSaid.headers().firstValue("x-llmgate-route"))
                .hasValue("beta/replay:openai/chat-cached-tokens.json");

        fake.clear();
        String longPrompt = "word ".repeat(3000);
        HttpResponse<String> refused = gateway.post("/v1/chat/completions",
                "{\"model\":\"small-window\",\"messages\":[{\"role\":\"user\",\"content\":\"" + longPrompt + "\"}]}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(errorCode(refused)).isEqualTo("context_length_exceeded");
        assertThat(fake.received()).as("counted before any upstream call").isEmpty();

        HttpResponse<String> movedOn = gateway.post("/v1/chat/completions", "{\"model\":\"small-window\","
                + "\"models\":[\"big-window\"],\"messages\":[{\"role\":\"user\",\"content\":\"" + longPrompt + "\"}]}");
        assertThat(movedOn.statusCode()).isEqualTo(200);
        assertThat(fake.count("replay:openai/error-400-context-length-exceeded.json")).isZero();
    }

    @Test
    void aRouteThatKeepsFailingCoolsDownAndIsProbedAfterwards() throws InterruptedException {
        String route = "switch:cool:openai/chat-text.json";
        fake.failing("cool", true);
        assertThat(gateway.chat("cools-down", "").headers().firstValue("x-llmgate-platform")).hasValue("beta");
        assertThat(fake.count(route)).as("two failures in a row cool it down").isEqualTo(2);

        fake.clear();
        assertThat(gateway.chat("cools-down", "").headers().firstValue("x-llmgate-platform")).hasValue("beta");
        assertThat(fake.count(route)).as("skipped while cooling down").isZero();
        assertThat(gateway.routeStats("alpha/" + route).path("cooling_down").asBoolean()).isTrue();

        Thread.sleep(1200);
        fake.failing("cool", false);
        fake.clear();
        HttpResponse<String> probed = gateway.chat("cools-down", "");
        assertThat(probed.headers().firstValue("x-llmgate-platform")).hasValue("alpha");
        assertThat(fake.count(route)).isEqualTo(1);
        assertThat(gateway.routeStats("alpha/" + route).path("cooling_down").asBoolean()).isFalse();
    }

    @Test
    void aStreamFallsBackBeforeItStartsButNeverAfter() {
        HttpResponse<String> cut = gateway.chat("streams", ",\"stream\":true");
        assertThat(cut.statusCode()).isEqualTo(200);
        assertThat(cut.body()).contains("stream_interrupted").doesNotContain("[DONE]");
        assertThat(fake.received()).as("no fallback once bytes reached the client").hasSize(1);

        fake.clear();
        HttpResponse<String> fellBack = gateway.chat("streams-after-a-refusal", ",\"stream\":true");
        assertThat(fellBack.headers().firstValue("x-llmgate-platform")).hasValue("beta");
        assertThat(fellBack.body()).contains("get_stock_price").endsWith("data: [DONE]\n\n");
    }

    @Test
    void theClientsFallbackModelsAreTriedInOrder() {
        HttpResponse<String> response = gateway.chat("primary-down", ",\"models\":[\"big-window\"]");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-llmgate-route")).hasValue("beta/replay:openai/chat-cached-tokens.json");
        assertThat(fake.count("status:502")).as("two failures cool the route down; no third try").isEqualTo(2);
    }

    @Test
    void modelSpecChecksRejectOrAdjustBeforeAnyUpstreamCall() {
        HttpResponse<String> image = gateway.post("/v1/chat/completions", """
                {"model":"text-only","messages":[{"role":"user","content":[{"type":"text","text":"what is it"},
                {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}""");
        assertThat(image.statusCode()).isEqualTo(400);
        assertThat(errorCode(image)).isEqualTo("image_not_supported");

        HttpResponse<String> tools = gateway.chat("text-only", ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]");
        assertThat(errorCode(tools)).isEqualTo("tools_not_supported");
        assertThat(fake.received()).isEmpty();

        HttpResponse<String> adjusted = gateway.chat("text-only", ",\"max_tokens\":100000,\"temperature\":0.3");
        assertThat(adjusted.statusCode()).isEqualTo(200);
        JsonNode sent = fake.received().getFirst().body();
        assertThat(sent.path("max_tokens").asInt()).as("clamped to the model's output limit").isEqualTo(8192);
        assertThat(sent.has("temperature")).as("dropped: the model does not take it").isFalse();
    }

    @Test
    void deprecatedModelsWarnAndSunsetModelsMigrate() {
        HttpResponse<String> deprecated = gateway.chat("old-model", "");
        assertThat(deprecated.statusCode()).isEqualTo(200);
        assertThat(deprecated.headers().firstValue("x-llmgate-warning")).hasValueSatisfying(
                warning -> assertThat(warning).contains("deprecated").contains("big-window"));

        HttpResponse<String> retired = gateway.chat("retired-model", "");
        assertThat(retired.statusCode()).isEqualTo(200);
        assertThat(retired.headers().firstValue("x-llmgate-model-migrated")).hasValue("retired-model -> big-window");
        assertThat(retired.headers().firstValue("x-llmgate-route")).hasValue("beta/replay:openai/chat-cached-tokens.json");
    }

    @Test
    void unknownModelsSuggestCloseMatchesAndPlatformNarrowingPicksTheRoute() {
        HttpResponse<String> typo = gateway.chat("on-bot", "");
        assertThat(typo.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(typo.body()).at("/error/message").asString()).contains("'on-both'");

        HttpResponse<String> narrowed = gateway.chat("on-both", ",\"platform\":\"beta\"");
        assertThat(narrowed.headers().firstValue("x-llmgate-platform")).hasValue("beta");
        assertThat(fake.received()).hasSize(1);
    }

    @Test
    void theRegistryShowsModelsAndRouteStatistics() {
        gateway.chat("on-both", "");
        JsonNode models = Json.MAPPER.readTree(gateway.get("/api/registry/models?provider=meta").body());
        assertThat(models.path("models").findValuesAsString("id")).contains("on-both", "big-window");

        JsonNode routes = Json.MAPPER.readTree(gateway.get("/api/registry/routes").body()).path("routes");
        JsonNode onBoth = null;
        for (JsonNode route : routes) {
            if (route.path("key").asString().equals("alpha/replay:openai/chat-text.json")) {
                onBoth = route;
            }
        }
        assertThat(onBoth).isNotNull();
        assertThat(onBoth.at("/stats/requests").asInt()).isPositive();
        assertThat(onBoth.at("/stats/success_rate").asDouble()).isEqualTo(1.0);
    }

    @Test
    void aReloadedConfigurationTakesEffectWithoutARestart() {
        try (FakeUpstream own = FakeUpstream.start();
             RunningGateway reloading = RunningGateway.start(config(own, ""), Map.of())) {
            String body = "{\"model\":\"added-later\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
            assertThat(reloading.post("/v1/chat/completions", body).statusCode()).isEqualTo(404);

            reloading.rewriteConfig(config(own, """
                      - id: added-later
                        provider: meta
                        context_window: 8000
                        max_output_tokens: 1000
                        pricing: { input_per_million: 1, output_per_million: 2 }
                        routes: [ { platform: beta, model_string: "replay:openai/chat-text.json" } ]
                    """));
            assertThat(reloading.post("/api/registry/reload", "").statusCode()).isEqualTo(200);
            assertThat(reloading.post("/v1/chat/completions", body).statusCode()).isEqualTo(200);

            reloading.rewriteConfig("router: { strategy: fastest-please }");
            HttpResponse<String> bad = reloading.post("/api/registry/reload", "");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(errorCode(bad)).isEqualTo("invalid_config");
            assertThat(reloading.post("/v1/chat/completions", body).statusCode()).as("the old registry stays")
                    .isEqualTo(200);
        }
    }

    private static String errorCode(HttpResponse<String> response) {
        return Json.MAPPER.readTree(response.body()).at("/error/code").asString(null);
    }

}
