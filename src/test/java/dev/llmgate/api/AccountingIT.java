package dev.llmgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.RunningGateway;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every request leaves a usage record (success, stream, cache hit, failure, refusal, a client that leaves),
 * priced from the catalog, and answers show their cost: {@code usage.cost} and {@code x-llmgate-cost}.
 */
class AccountingIT {

    static FakeUpstream fake;
    static RunningGateway gateway;

    /** The test model's prices: $1 per million input tokens, $2 per million output tokens. */
    static BigDecimal cost(long input, long output) {
        return BigDecimal.valueOf(input).add(BigDecimal.valueOf(output * 2)).movePointLeft(6);
    }

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.start("""
                upstream: { connect_timeout: 2, first_byte_timeout: 3, idle_timeout: 2, total_timeout: 20 }
                router: { retries: 0 }
                platforms:
                  - { id: test, dialect: openai, base_url: "%s", api_key: k }
                models:
                  - id: priced-text
                    provider: meta
                    context_window: 100000
                    max_output_tokens: 4000
                    capabilities: [streaming]
                    pricing: { input_per_million: 1.0, output_per_million: 2.0 }
                    routes: [ { platform: test, model_string: "replay:openai/chat-text.json" } ]
                  - id: priced-stream
                    provider: meta
                    context_window: 100000
                    max_output_tokens: 4000
                    capabilities: [streaming]
                    pricing: { input_per_million: 1.0, output_per_million: 2.0 }
                    routes: [ { platform: test, model_string: "replay:openai/stream-text-include-usage.sse" } ]
                  - id: slow-stream
                    provider: meta
                    context_window: 100000
                    max_output_tokens: 4000
                    pricing: { input_per_million: 1.0, output_per_million: 2.0 }
                    routes: [ { platform: test, model_string: "slow:openai/stream-text-include-usage.sse:300" } ]
                """.formatted(fake.baseUrl()), Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    static HttpResponse<String> chat(String id, String model, String extra) {
        return gateway.post("/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"user","content":"Hi %s"}],"user_id":"u-%s"%s}"""
                .formatted(model, id, id, extra), "x-request-id", id);
    }

    @Test
    void aWholeAnswerIsPricedShownAndRecorded() {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> response = chat(id, "priced-text", "");

        BigDecimal expected = cost(14, 37); // the recorded usage of openai/chat-text.json
        assertThat(new BigDecimal(response.headers().firstValue("x-llmgate-cost").orElseThrow()))
                .isEqualByComparingTo(expected);
        assertThat(Json.MAPPER.readTree(response.body()).at("/usage/cost").decimalValue()).isEqualByComparingTo(expected);

        JsonNode record = record(id);
        assertThat(record.path("status").asString()).isEqualTo("success");
        assertThat(record.path("model").asString()).isEqualTo("priced-text");
        assertThat(record.path("platform").asString()).isEqualTo("test");
        assertThat(record.path("user_id").asString()).isEqualTo("u-" + id);
        assertThat(record.at("/tokens/input").asLong()).isEqualTo(14);
        assertThat(record.at("/tokens/output").asLong()).isEqualTo(37);
        assertThat(record.at("/cost/total").decimalValue()).isEqualByComparingTo(expected);
        assertThat(record.path("latency_ms").asDouble()).isPositive();
        assertThat(record.path("cache_hit").asBoolean()).isFalse();
    }

    @Test
    void aStreamIsRecordedWithTheUsageItEndedWithAndItsLastChunkShowsTheCost() {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> response = chat(id, "priced-stream", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}");

        JsonNode usageChunk = response.body().lines().filter(l -> l.startsWith("data: {") && l.contains("\"usage\":{"))
                .map(l -> Json.MAPPER.readTree(l.substring(6))).reduce((a, b) -> b).orElseThrow();
        long input = usageChunk.at("/usage/prompt_tokens").asLong();
        long output = usageChunk.at("/usage/completion_tokens").asLong();
        assertThat(usageChunk.at("/usage/cost").decimalValue()).isEqualByComparingTo(cost(input, output));

        JsonNode record = record(id);
        assertThat(record.path("stream").asBoolean()).isTrue();
        assertThat(record.at("/tokens/input").asLong()).isEqualTo(input);
        assertThat(record.path("time_to_first_token_ms").isNumber()).isTrue();
    }

    @Test
    void aCacheHitCostsNothingAndRecordsWhatItSaved() {
        String id = UUID.randomUUID().toString();
        String body = "{\"model\":\"priced-text\",\"messages\":[{\"role\":\"user\",\"content\":\"same " + id + "\"}]}";
        gateway.post("/v1/chat/completions", body, "x-request-id", id + "-first");
        HttpResponse<String> hit = gateway.post("/v1/chat/completions", body, "x-request-id", id + "-hit");

        assertThat(hit.headers().firstValue("x-llmgate-cache")).hasValue("hit");
        assertThat(hit.headers().firstValue("x-llmgate-cost")).hasValue("0");
        JsonNode record = record(id + "-hit");
        assertThat(record.path("cache_hit").asBoolean()).isTrue();
        assertThat(record.at("/cost/total").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(record.path("cost_saved_by_cache").decimalValue()).isEqualByComparingTo(cost(14, 37));
    }

    @Test
    void failuresAndRefusalsAreRecordedToo() {
        String failed = UUID.randomUUID().toString();
        assertThat(chat(failed, "test/status:500", "").statusCode()).isEqualTo(500);
        JsonNode record = record(failed);
        assertThat(record.path("status").asString()).isEqualTo("error");
        assertThat(record.path("http_status").asInt()).isEqualTo(500);
        assertThat(record.path("route").asString()).isEqualTo("test/status:500");

        String refused = UUID.randomUUID().toString();
        assertThat(gateway.post("/v1/chat/completions", "{\"model\": 5}", "x-request-id", refused).statusCode())
                .isEqualTo(400);
        assertThat(record(refused).path("error_type").asString()).isEqualTo("invalid_type");

        String unpriced = UUID.randomUUID().toString();
        HttpResponse<String> answered = chat(unpriced, "test/replay:openai/chat-text-2026.json", "");
        assertThat(answered.headers().firstValue("x-llmgate-cost")).isEmpty();
        assertThat(Json.MAPPER.readTree(answered.body()).at("/usage").has("cost")).isFalse();
        assertThat(record(unpriced).at("/cost/total").isNull()).as("unknown, never 0").isTrue();
    }

    @Test
    void aClientThatLeavesMidStreamIsRecordedWithTheTokensCounted() throws Exception {
        String id = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("x-request-id", id)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"slow-stream\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                .build();
        HttpResponse<InputStream> response = gateway.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertThat(body.read(new byte[256])).isPositive();
        }
        JsonNode record = record(id);
        assertThat(record.path("status").asString()).isEqualTo("client_closed");
        assertThat(record.at("/tokens/input").asLong()).as("counted: the upstream never reported usage").isPositive();
        assertThat(record.at("/cost/total").decimalValue()).isPositive();
    }

    /** The usage record of a request, once the recorder has written it. */
    static JsonNode record(String requestId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            HttpResponse<String> response = gateway.get("/api/requests/" + requestId);
            if (response.statusCode() == 200) {
                return Json.MAPPER.readTree(response.body());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no usage record for " + requestId + ": " + response.body());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
