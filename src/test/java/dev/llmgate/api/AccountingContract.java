package dev.llmgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.PrometheusText;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.GatewayStore;
import dev.llmgate.testing.RunningGateway;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Every request leaves a usage record (success, stream, cache hit, failure, refusal, a stream cut short, a
 * client that leaves), priced from the catalog, and answers show their cost: {@code usage.cost} and
 * {@code x-llmgate-cost}. Run on each store: {@link AccountingIT} (SQLite), {@link AccountingPostgresIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AccountingContract {

    /** input_tokens in message_start (and message_delta) of anthropic/stream-text.sse; output_tokens: 10. */
    static final long ANTHROPIC_STREAM_INPUT = 135;

    FakeUpstream fake;
    GatewayStore store;
    RunningGateway gateway;

    abstract GatewayStore store();

    /** The test models' prices: $1 per million input tokens, $2 per million output tokens. */
    static BigDecimal cost(long input, long output) {
        return BigDecimal.valueOf(input).add(BigDecimal.valueOf(output * 2)).movePointLeft(6);
    }

    @BeforeAll
    void start() {
        store = store();
        fake = FakeUpstream.start();
        gateway = RunningGateway.start("""
                upstream: { connect_timeout: 2, first_byte_timeout: 3, idle_timeout: 2, total_timeout: 20 }
                router: { retries: 0 }
                platforms:
                  - { id: test, dialect: openai, base_url: "%s", api_key: k }
                  - { id: anth, dialect: anthropic, base_url: "http://127.0.0.1:%d", api_key: k }
                models:
                  - { id: priced-text, %s, routes: [ { platform: test, model_string: "replay:openai/chat-text.json" } ] }
                  - { id: priced-stream, %s,
                      routes: [ { platform: test, model_string: "replay:openai/stream-text-include-usage.sse" } ] }
                  - { id: slow-stream, %s,
                      routes: [ { platform: test, model_string: "slow:openai/stream-text-include-usage.sse:300" } ] }
                  - { id: claude-stream, %s, routes: [ { platform: anth, model_string: "replay:anthropic/stream-text.sse" } ] }
                  - { id: claude-cut, %s, routes: [ { platform: anth, model_string: "cut:anthropic/stream-text.sse:5" } ] }
                  - { id: claude-slow, %s,
                      routes: [ { platform: anth, model_string: "slow:anthropic/stream-text.sse:300" } ] }
                  - { id: late-stream, %s,
                      routes: [ { platform: test, model_string: "delay:800:openai/stream-text-include-usage.sse" } ] }
                  - { id: route-priced-text, %s, routes: [ { platform: test, model_string: "replay:openai/chat-text.json",
                      pricing: { input_per_million: 3.0, output_per_million: 5.0 } } ] }
                """.formatted(fake.baseUrl(), fake.port(), priced(), priced(), priced(), priced(), priced(), priced(),
                        priced(), priced())
                + store.yaml(), Map.of());
    }

    private static String priced() {
        return "provider: meta, context_window: 100000, max_output_tokens: 4000, capabilities: [streaming],"
                + " pricing: { input_per_million: 1.0, output_per_million: 2.0 }";
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (fake != null) {
            fake.close();
        }
        if (store != null) {
            store.close();
        }
    }

    HttpResponse<String> chat(String id, String model, String extra) {
        return gateway.post("/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"user","content":"Hi %s"}],"user_id":"u-%s"%s}"""
                .formatted(model, id, id, extra), "x-request-id", id);
    }

    static final String STREAM_WITH_USAGE = ",\"stream\":true,\"stream_options\":{\"include_usage\":true}";

    /** The last chunk that carries usage in an OpenAI stream. */
    static JsonNode usageChunk(HttpResponse<String> response) {
        return response.body().lines().filter(l -> l.startsWith("data: {") && l.contains("\"usage\":{"))
                .map(l -> Json.MAPPER.readTree(l.substring(6))).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void aWholeAnswerIsPricedShownAndRecorded() {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> response = chat(id, "priced-text", "");

        BigDecimal expected = cost(14, 37); // the recorded usage of openai/chat-text.json
        assertThat(new BigDecimal(response.headers().firstValue("x-llmgate-cost").orElseThrow()))
                .isEqualByComparingTo(expected);
        assertThat(Json.MAPPER.readTree(response.body()).at("/usage/cost").decimalValue()).isEqualByComparingTo(expected);

        JsonNode record = gateway.usageRecord(id);
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
        HttpResponse<String> response = chat(id, "priced-stream", STREAM_WITH_USAGE);

        JsonNode usageChunk = usageChunk(response);
        long input = usageChunk.at("/usage/prompt_tokens").asLong();
        long output = usageChunk.at("/usage/completion_tokens").asLong();
        assertThat(input).isPositive();
        assertThat(output).isPositive();
        assertThat(usageChunk.at("/usage/cost").decimalValue()).isEqualByComparingTo(cost(input, output));

        JsonNode record = gateway.usageRecord(id);
        assertThat(record.path("stream").asBoolean()).isTrue();
        assertThat(record.at("/tokens/input").asLong()).isEqualTo(input);
        assertThat(record.at("/tokens/output").asLong()).isEqualTo(output);
        assertThat(record.at("/cost/total").decimalValue()).isEqualByComparingTo(cost(input, output));
        assertThat(record.path("time_to_first_token_ms").isNumber()).isTrue();
    }

    @Test
    void aStreamTranslatedFromAnotherDialectIsPricedInItsLastChunkAndItsRecord() {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> response = chat(id, "claude-stream", STREAM_WITH_USAGE);

        JsonNode usage = usageChunk(response).path("usage");
        assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(ANTHROPIC_STREAM_INPUT);
        assertThat(usage.path("completion_tokens").asLong()).isEqualTo(10);
        BigDecimal expected = cost(ANTHROPIC_STREAM_INPUT, 10);
        assertThat(usage.path("cost").decimalValue()).isEqualByComparingTo(expected);
        JsonNode record = gateway.usageRecord(id);
        assertThat(record.path("platform").asString()).isEqualTo("anth");
        assertThat(record.at("/tokens/output").asLong()).isEqualTo(10);
        assertThat(record.at("/cost/total").decimalValue()).isEqualByComparingTo(expected);
    }

    @Test
    void aCacheHitCostsNothingAndRecordsWhatItSaved() {
        String id = UUID.randomUUID().toString();
        String body = "{\"model\":\"priced-text\",\"messages\":[{\"role\":\"user\",\"content\":\"same " + id + "\"}]}";
        gateway.post("/v1/chat/completions", body, "x-request-id", id + "-first");
        HttpResponse<String> hit = gateway.post("/v1/chat/completions", body, "x-request-id", id + "-hit");

        assertThat(hit.headers().firstValue("x-llmgate-cache")).hasValue("hit");
        assertThat(hit.headers().firstValue("x-llmgate-cost")).hasValue("0");
        JsonNode record = gateway.usageRecord(id + "-hit");
        assertThat(record.path("cache_hit").asBoolean()).isTrue();
        assertThat(record.at("/cost/total").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(record.path("cost_saved_by_cache").decimalValue()).isEqualByComparingTo(cost(14, 37));
    }

    @Test
    void aRouteWithItsOwnPriceIsPricedThereAndItsHitsSaveThatPrice() {
        String id = UUID.randomUUID().toString();
        String body = "{\"model\":\"route-priced-text\",\"messages\":[{\"role\":\"user\",\"content\":\"route "
                + id + "\"}]}";
        BigDecimal onTheRoute = BigDecimal.valueOf(14 * 3 + 37 * 5).movePointLeft(6); // not the model's cost(14, 37)

        HttpResponse<String> miss = gateway.post("/v1/chat/completions", body, "x-request-id", id + "-first");
        HttpResponse<String> hit = gateway.post("/v1/chat/completions", body, "x-request-id", id + "-hit");

        assertThat(new BigDecimal(miss.headers().firstValue("x-llmgate-cost").orElseThrow()))
                .isEqualByComparingTo(onTheRoute);
        assertThat(gateway.usageRecord(id + "-first").at("/cost/total").decimalValue()).isEqualByComparingTo(onTheRoute);
        assertThat(hit.headers().firstValue("x-llmgate-cache")).hasValue("hit");
        assertThat(gateway.usageRecord(id + "-hit").path("cost_saved_by_cache").decimalValue()).isEqualByComparingTo(onTheRoute);
    }

    @Test
    void aStreamedCacheHitCostsNothingAndRecordsWhatItSaved() {
        String id = UUID.randomUUID().toString();
        String question = "{\"model\":\"priced-text\",\"messages\":[{\"role\":\"user\",\"content\":\"streamed " + id
                + "\"}]";
        gateway.post("/v1/chat/completions", question + "}", "x-request-id", id + "-first");
        HttpResponse<String> hit = gateway.post("/v1/chat/completions", question + STREAM_WITH_USAGE + "}",
                "x-request-id", id + "-hit");

        assertThat(hit.headers().firstValue("x-llmgate-cache")).hasValue("hit");
        assertThat(hit.body()).contains("data: [DONE]");
        assertThat(usageChunk(hit).at("/usage/cost").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        JsonNode record = gateway.usageRecord(id + "-hit");
        assertThat(record.path("cache_hit").asBoolean()).isTrue();
        assertThat(record.path("stream").asBoolean()).isTrue();
        assertThat(record.at("/tokens/output").asLong()).isEqualTo(37);
        assertThat(record.at("/cost/total").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(record.path("cost_saved_by_cache").decimalValue()).isEqualByComparingTo(cost(14, 37));
    }

    @Test
    void aHitOnAnUnpricedModelIsNoUnpricedRequest() {
        String id = UUID.randomUUID().toString();
        String body = "{\"model\":\"test/replay:openai/chat-text-2026.json\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"unpriced " + id + "\"}]}";
        gateway.post("/v1/chat/completions", body, "x-request-id", id + "-miss");
        gateway.usageRecord(id + "-miss");
        double afterMiss = metric("llmgate_usage_unpriced_total");

        assertThat(gateway.post("/v1/chat/completions", body, "x-request-id", id + "-hit").headers()
                .firstValue("x-llmgate-cache")).hasValue("hit");
        JsonNode hit = gateway.usageRecord(id + "-hit");

        assertThat(afterMiss).as("the miss had an unknown cost").isGreaterThanOrEqualTo(1);
        assertThat(hit.at("/cost/total").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(hit.path("cost_saved_by_cache").isNull()).as("unknown, never 0").isTrue();
        assertThat(metric("llmgate_usage_unpriced_total")).as("a hit costs 0: not unpriced").isEqualTo(afterMiss);
    }

    @Test
    void failuresAndRefusalsAreRecordedToo() {
        String failed = UUID.randomUUID().toString();
        assertThat(chat(failed, "test/status:500", "").statusCode()).isEqualTo(500);
        JsonNode record = gateway.usageRecord(failed);
        assertThat(record.path("status").asString()).isEqualTo("error");
        assertThat(record.path("http_status").asInt()).isEqualTo(500);
        assertThat(record.path("route").asString()).isEqualTo("test/status:500");

        String refused = UUID.randomUUID().toString();
        assertThat(gateway.post("/v1/chat/completions", "{\"model\": 5}", "x-request-id", refused).statusCode())
                .isEqualTo(400);
        assertThat(gateway.usageRecord(refused).path("error_type").asString()).isEqualTo("invalid_type");

        String unpriced = UUID.randomUUID().toString();
        HttpResponse<String> answered = chat(unpriced, "test/replay:openai/chat-text-2026.json", "");
        assertThat(answered.headers().firstValue("x-llmgate-cost")).isEmpty();
        assertThat(Json.MAPPER.readTree(answered.body()).at("/usage").has("cost")).isFalse();
        assertThat(gateway.usageRecord(unpriced).at("/cost/total").isNull()).as("unknown, never 0").isTrue();
    }

    @Test
    void aStreamCutShortKeepsTheInputTheUpstreamReportedAndCountsTheOutput() {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> response = chat(id, "claude-cut", ",\"stream\":true");

        assertThat(response.body()).doesNotContain("[DONE]"); // cut after message_start and the text "[12"
        JsonNode record = gateway.usageRecord(id);
        assertThat(record.path("status").asString()).isEqualTo("error");
        assertThat(record.at("/tokens/input").asLong()).as("message_start's count, not a recount")
                .isEqualTo(ANTHROPIC_STREAM_INPUT);
        assertThat(record.at("/tokens/output").asLong()).as("counted: \"[12\"").isPositive().isLessThan(10);
        assertThat(record.at("/cost/total").decimalValue()).isEqualByComparingTo(
                cost(ANTHROPIC_STREAM_INPUT, record.at("/tokens/output").asLong()));
    }

    @Test
    void aClientThatLeavesMidStreamIsRecordedWithTheTokensCounted() throws Exception {
        String id = UUID.randomUUID().toString();
        leaveAfterText(id, "slow-stream");

        JsonNode record = gateway.usageRecord(id);
        assertThat(record.path("status").asString()).isEqualTo("client_closed");
        assertThat(record.at("/tokens/input").asLong()).as("counted: the upstream never reported usage").isPositive();
        assertThat(record.at("/tokens/output").asLong()).as("counted: the text sent so far").isPositive()
                .isLessThan(40);
        assertThat(record.at("/cost/total").decimalValue()).isEqualByComparingTo(
                cost(record.at("/tokens/input").asLong(), record.at("/tokens/output").asLong()));
    }

    @Test
    void aClientThatLeavesAnAnthropicStreamKeepsTheReportedInput() throws Exception {
        String id = UUID.randomUUID().toString();
        leaveAfterText(id, "claude-slow");

        JsonNode record = gateway.usageRecord(id);
        assertThat(record.path("status").asString()).isEqualTo("client_closed");
        assertThat(record.at("/tokens/input").asLong()).isEqualTo(ANTHROPIC_STREAM_INPUT);
        assertThat(record.at("/tokens/output").asLong()).isPositive().isLessThan(10);
    }

    @Test
    void aClientThatLeavesBeforeTheStreamsFirstEventIsRecordedToo() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] body = "{\"model\":\"late-stream\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\n"
                    + "content-type: application/json\r\nx-request-id: " + id + "\r\ncontent-length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            Thread.sleep(200); // the upstream answers after 800 ms: the client is gone by then
        }

        JsonNode record = gateway.usageRecord(id);
        assertThat(record.path("status").asString()).isEqualTo("client_closed");
        assertThat(record.at("/tokens/input").asLong()).as("counted: the prompt went up").isPositive();
        assertThat(record.at("/tokens/output").asLong()).isZero();
        assertThat(record.at("/cost/total").decimalValue()).isEqualByComparingTo(
                cost(record.at("/tokens/input").asLong(), 0));
    }

    /** Streams {@code model}, reads until the first piece of text arrived, then goes away. */
    void leaveAfterText(String id, String model) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("x-request-id", id)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                .build();
        HttpResponse<InputStream> response = gateway.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = body.readLine();
            } while (line != null && !line.matches(".*\"content\":\"[^\"]+\".*"));
            assertThat(line).as("some text before leaving").isNotNull();
        }
    }

    @Test
    void theBodysRequestIdIsRecordedAndNeverForwarded() {
        String header = UUID.randomUUID().toString();
        String body = "client-" + UUID.randomUUID();
        String question = "{\"model\":\"priced-text\",\"messages\":[{\"role\":\"user\",\"content\":\"ids " + body
                + "\"}],\"request_id\":\"%s\"}";
        HttpResponse<String> withHeader = gateway.post("/v1/chat/completions", question.formatted(body),
                "x-request-id", header);
        assertThat(withHeader.headers().firstValue("x-request-id")).hasValue(header);
        assertThat(fake.received().getLast().body().has("request_id")).as("the gateway's field").isFalse();
        JsonNode recorded = gateway.usageRecord(header);
        assertThat(recorded.path("client_request_id").asString()).isEqualTo(body);

        // without the header the body's id is the request's id; and it is not part of the cache key
        String second = "client-" + UUID.randomUUID();
        HttpResponse<String> withoutHeader = gateway.post("/v1/chat/completions", question.formatted(second));
        assertThat(withoutHeader.headers().firstValue("x-request-id")).hasValue(second);
        assertThat(withoutHeader.headers().firstValue("x-llmgate-cache")).hasValue("hit");
        assertThat(gateway.usageRecord(second).path("client_request_id").asString()).isEqualTo(second);

        HttpResponse<String> tooLong = gateway.post("/v1/chat/completions", question.formatted("x".repeat(201)));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(tooLong.body()).at("/error/param").asString()).isEqualTo("request_id");
    }

    double metric(String name) {
        return PrometheusText.sample(gateway.get("/metrics").body(), name).orElse(0); // a counter not yet used
    }

}
