package dev.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * How each way an upstream fails moves a request on to the next route — hangs, resets, Anthropic's 529 — and
 * how a stream falls back until its first event, but not after: a 200 whose first event is an error, that goes
 * quiet, or that breaks before any event is a failed attempt; a route whose streams keep breaking after they
 * started cools down.
 */
class UpstreamFailuresIT {

    static FakeUpstream fake;
    static RunningGateway gateway;

    /** A model whose first route fails as {@code first} says and whose second route answers with {@code second}. */
    static String model(String id, String firstPlatform, String first, String second) {
        return """
                  - id: %s
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    capabilities: [streaming]
                    pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                    routes:
                      - { platform: %s, model_string: "%s", priority: 1 }
                      - { platform: beta, model_string: "%s", priority: 2 }
                """.formatted(id, firstPlatform, first, second);
    }

    static final String CHAT = "replay:openai/chat-text.json";
    static final String STREAM = "replay:openai/stream-text-include-usage.sse";

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
        String anthropicBase = "http://127.0.0.1:" + fake.port();
        gateway = RunningGateway.start("""
                upstream: { connect_timeout: 1, first_byte_timeout: 0.6, idle_timeout: 0.6, total_timeout: 10 }
                cache: { enabled: false }
                platforms:
                  - { id: alpha, dialect: openai, base_url: "%1$s", api_key: a }
                  - { id: beta, dialect: openai, base_url: "%1$s", api_key: b }
                  - { id: claude, dialect: anthropic, base_url: "%2$s", api_key: c }
                router:
                  retries: 0
                  cooldown: { failures: 2, seconds: 30 }
                models:
                """.formatted(fake.baseUrl(), anthropicBase)
                + model("hangs", "alpha", "hang", CHAT)
                + model("resets", "alpha", "reset", CHAT)
                + model("overloaded", "alpha", "replay:anthropic/error-529-overloaded.json", CHAT)
                + model("stream-error-first", "alpha", "sse-error:503", STREAM)
                + model("stream-anthropic-overloaded", "claude", "replay:anthropic/stream-error-event-overloaded.sse",
                        STREAM)
                + model("stream-goes-quiet", "alpha", "open:hang", STREAM)
                + model("stream-breaks-early", "alpha", "open:reset", STREAM)
                + model("stream-keeps-breaking", "alpha", "cut:openai/stream-text-include-usage.sse:3", STREAM),
                Map.of());
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

    static HttpResponse<String> chat(String model, boolean stream) {
        return gateway.post("/v1/chat/completions", """
                {"model":"%s","stream":%s,"messages":[{"role":"user","content":"Hi"}]}""".formatted(model, stream));
    }

    static void servedBySecondRoute(HttpResponse<String> response, String firstRoute) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-llmgate-platform")).hasValue("beta");
        assertThat(response.headers().firstValue("x-llmgate-attempts")).hasValue("2");
        assertThat(fake.count(firstRoute)).as("the first route was tried once").isEqualTo(1);
    }

    @Test
    void anUpstreamThatNeverAnswersTimesOutAndTheNextRouteAnswers() {
        servedBySecondRoute(chat("hangs", false), "hang");
    }

    @Test
    void aResetConnectionMovesOnToTheNextRoute() {
        servedBySecondRoute(chat("resets", false), "reset");
    }

    @Test
    void anthropicsOverloaded529IsRetryable() {
        servedBySecondRoute(chat("overloaded", false), "replay:anthropic/error-529-overloaded.json");
    }

    @Test
    void aStreamWhoseFirstEventIsAnErrorFallsBackAndTheClientSeesOnlyTheGoodStream() {
        HttpResponse<String> response = chat("stream-error-first", true);
        servedBySecondRoute(response, "sse-error:503");
        assertThat(response.body()).doesNotContain("overloaded").endsWith("data: [DONE]\n\n");
    }

    @Test
    void anAnthropicOverloadedErrorEventAfterA200FallsBack() {
        HttpResponse<String> response = chat("stream-anthropic-overloaded", true);
        servedBySecondRoute(response, "replay:anthropic/stream-error-event-overloaded.sse");
        assertThat(response.body()).doesNotContain("overloaded_error").endsWith("data: [DONE]\n\n");
    }

    @Test
    void aStreamThatGoesQuietBeforeItsFirstEventFallsBack() {
        servedBySecondRoute(chat("stream-goes-quiet", true), "open:hang");
    }

    @Test
    void aStreamThatBreaksBeforeItsFirstEventFallsBack() {
        servedBySecondRoute(chat("stream-breaks-early", true), "open:reset");
    }

    @Test
    void aRouteWhoseStreamsKeepBreakingAfterTheyStartedCoolsDown() {
        String cut = "cut:openai/stream-text-include-usage.sse:3";
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> broken = chat("stream-keeps-breaking", true);
            assertThat(broken.headers().firstValue("x-llmgate-platform")).as("committed: no fallback").hasValue("alpha");
            assertThat(broken.body()).contains("stream_interrupted").doesNotContain("[DONE]");
        }
        JsonNode stats = gateway.routeStats("alpha/" + cut);
        assertThat(stats.path("failures").asInt()).isEqualTo(2);
        assertThat(stats.path("cooling_down").asBoolean()).isTrue();

        HttpResponse<String> next = chat("stream-keeps-breaking", true);
        assertThat(next.headers().firstValue("x-llmgate-platform")).hasValue("beta");
        assertThat(next.body()).endsWith("data: [DONE]\n\n");
        assertThat(fake.count(cut)).as("two broken streams, then skipped").isEqualTo(2);
    }

}
