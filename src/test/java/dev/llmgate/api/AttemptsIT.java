package dev.llmgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a request's walk through its routes leaves behind, on success and on failure: the attempts made and
 * the route that served (or was tried last), in the response headers and the usage record; and an overhead
 * figure that leaves out every attempt's and backoff's time on the upstreams.
 */
class AttemptsIT {

    static FakeUpstream fake;
    static RunningGateway gateway;

    /** Each slow route answers a 529 after this long; a request over both waits on upstreams at least twice it. */
    static final int SLOW_MS = 700;

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
        String slow = "delay:" + SLOW_MS + ":anthropic/error-529-overloaded.json";
        gateway = RunningGateway.start("""
                upstream: { connect_timeout: 2, first_byte_timeout: 5, idle_timeout: 5, total_timeout: 20 }
                cache: { enabled: false }
                platforms:
                  - { id: alpha, dialect: openai, base_url: "%1$s", api_key: a }
                  - { id: beta, dialect: openai, base_url: "%1$s", api_key: b }
                router:
                  retries: 0
                  cooldown: { failures: 100, seconds: 1 }
                models:
                  - id: second-serves
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    pricing: { input_per_million: 1, output_per_million: 2 }
                    routes:
                      - { platform: alpha, model_string: "status:500", priority: 1 }
                      - { platform: beta, model_string: "replay:openai/chat-text.json", priority: 2 }
                  - id: slow-stream
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    pricing: { input_per_million: 1, output_per_million: 2 }
                    routes:
                      - { platform: alpha, model_string: "slow:openai/stream-text-include-usage.sse:40" }
                  - id: all-fail-slowly
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    pricing: { input_per_million: 1, output_per_million: 2 }
                    routes:
                      - { platform: alpha, model_string: "%2$s", priority: 1 }
                      - { platform: beta, model_string: "%2$s", priority: 2 }
                """.formatted(fake.baseUrl(), slow), Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    static HttpResponse<String> chat(String id, String model) {
        return gateway.post("/v1/chat/completions",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "x-request-id", id);
    }

    @Test
    void aFallbackIsRecordedWithItsAttemptsAndTheRouteThatServed() {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> response = chat(id, "second-serves");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-llmgate-attempts")).hasValue("2");

        JsonNode record = gateway.usageRecord(id);
        assertThat(record.path("attempts").asInt()).isEqualTo(2);
        assertThat(record.path("route").asString()).isEqualTo("beta/replay:openai/chat-text.json");
        assertThat(record.path("platform").asString()).isEqualTo("beta");
    }

    @Test
    void whenEveryRouteFailsTheErrorSaysWhatWasTriedAndTheOverheadLeavesOutTheUpstreams() {
        String id = UUID.randomUUID().toString();
        long started = System.nanoTime();
        HttpResponse<String> response = chat(id, "all-fail-slowly");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(529);
        assertThat(took).as("both routes were waited on").isGreaterThan(Duration.ofMillis(2L * SLOW_MS));
        assertThat(response.headers().firstValue("x-llmgate-attempts")).hasValue("2");
        String slow = "delay:" + SLOW_MS + ":anthropic/error-529-overloaded.json";
        assertThat(response.headers().firstValue("x-llmgate-route")).hasValue("beta/" + slow);
        double overheadMs = Double.parseDouble(response.headers().firstValue("x-llmgate-overhead-ms").orElseThrow());
        assertThat(overheadMs).as("a bound that holds only if both attempts are left out, not a speed check")
                .isLessThan(SLOW_MS * 0.7);

        JsonNode record = gateway.usageRecord(id);
        assertThat(record.path("status").asString()).isEqualTo("error");
        assertThat(record.path("attempts").asInt()).isEqualTo(2);
        assertThat(record.path("route").asString()).isEqualTo("beta/" + slow);
        assertThat(record.path("overhead_ms").asDouble()).isLessThan(SLOW_MS * 0.7);
    }

    @Test
    void aStreamsRecordedOverheadLeavesOutTheRelayTheUpstreamPaced() {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"slow-stream\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "x-request-id", id);
        assertThat(response.body()).endsWith("data: [DONE]\n\n");

        JsonNode record = gateway.usageRecord(id);
        assertThat(record.path("latency_ms").asDouble()).as("33 gaps of 40 ms").isGreaterThan(1000);
        assertThat(record.path("overhead_ms").asDouble()).as("a bound, not a speed check").isLessThan(500);
    }

}
