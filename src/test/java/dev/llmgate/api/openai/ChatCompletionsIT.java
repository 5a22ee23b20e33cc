package dev.llmgate.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.Fixtures;
import dev.llmgate.testing.OpenAiSchemas;
import dev.llmgate.testing.RunningGateway;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The real server on a random port in front of a fake upstream that replays recorded provider bytes. */
class ChatCompletionsIT {

    static FakeUpstream fake;
    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.withFake(fake, """
                server:
                  max_body_bytes: 200000
                """);
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

    static String chat(String model, String extra) {
        return """
                {"model":"%s","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]%s}"""
                .formatted(model, extra);
    }

    @Test
    void nonStreamedAnswerConformsAndCarriesTheGatewayHeaders() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                chat("test/replay:openai/chat-tool-call.json", ",\"tools\":[{\"type\":\"function\",\"function\":"
                        + "{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}],\"tool_choice\":\"auto\""),
                "x-request-id", "client-id-42", "authorization", "Bearer client-secret");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(OpenAiSchemas.responseErrors(body)).isEmpty();
        assertThat(body.at("/choices/0/message/tool_calls/0/function/name").asString()).isNotEmpty();
        assertThat(response.headers().firstValue("x-request-id")).hasValue("client-id-42");
        assertThat(Double.parseDouble(response.headers().firstValue("x-llmgate-overhead-ms").orElseThrow()))
                .isGreaterThanOrEqualTo(0);
        assertThat(response.headers().firstValue("x-llmgate-platform")).hasValue("test");
    }

    @Test
    void anOpenAiAnswerThatAlreadyHasEverythingReachesTheClientByteForByte() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                chat("test/replay:openai/chat-text-2026.json", ""));

        assertThat(response.statusCode()).isEqualTo(200);
        // an unpriced model: no cost to add, so the upstream's bytes exactly (whitespace and key order included)
        assertThat(response.body()).isEqualTo(Fixtures.text("openai/chat-text-2026.json"));
        assertThat(OpenAiSchemas.responseErrors(Json.MAPPER.readTree(response.body()))).isEmpty();
    }

    @Test
    void anAnswerMissingWhatClientsReadIsEncodedAgainWithIt() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                chat("test/replay:openai/chat-text.json", ""));

        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(Fixtures.text("openai/chat-text.json")).doesNotContain("prompt_tokens_details");
        assertThat(body.at("/usage/prompt_tokens_details/cached_tokens").isIntegralNumber()).isTrue();
        assertThat(OpenAiSchemas.responseErrors(body)).isEmpty();
    }

    @Test
    void theUpstreamGetsThePlatformKeyAndEveryFieldTheClientSent() {
        gateway.post("/v1/chat/completions", chat("test/replay:openai/chat-text.json",
                ",\"metadata\":{\"a\":\"b\"},\"some_new_param\":{\"x\":[1,2]},\"temperature\":0.2"),
                "authorization", "Bearer client-secret");

        FakeUpstream.Received received = fake.received().getFirst();
        assertThat(received.path()).isEqualTo("/v1/chat/completions");
        assertThat(received.headers().get("authorization")).isEqualTo("Bearer upstream-key");
        assertThat(received.headers().get("x-vendor-header")).isEqualTo("from-config");
        assertThat(received.body().path("model").asString()).isEqualTo("replay:openai/chat-text.json");
        assertThat(received.body().at("/some_new_param/x/1").asInt()).isEqualTo(2);
        assertThat(received.body().at("/metadata/a").asString()).isEqualTo("b");
        assertThat(received.body().path("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void aSameDialectStreamIsRelayedByteForByte() {
        String fixture = "openai/stream-tool-calls-parallel.sse";
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                chat("test/replay:" + fixture, ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(response.body()).isEqualTo(Fixtures.text(fixture));
        assertThat(fake.received().getFirst().body().at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void theUsageChunkTheGatewayAskedForIsNotShownToAClientThatDidNot() {
        String fixture = "openai/stream-text-include-usage.sse";
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                chat("test/replay:" + fixture, ",\"stream\":true"));

        List<String> events = dataOf(response.body());
        List<String> recorded = dataOf(Fixtures.text(fixture));
        assertThat(fake.received().getFirst().body().at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(events).hasSize(recorded.size() - 1).doesNotContain(recorded.get(recorded.size() - 2));
        assertThat(events.getLast()).isEqualTo("[DONE]");
    }

    @Test
    void anErrorTheUpstreamSendsInsideTheStreamReachesTheClient() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                chat("test/replay:groq/stream-error-mid-stream.sse", ",\"stream\":true"));

        assertThat(response.body()).contains("event: error").contains("tool_use_failed").doesNotContain("[DONE]");
    }

    @Test
    void aStreamCutShortEndsWithAnErrorEventAndNoDone() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                chat("test/cut:openai/stream-text-include-usage.sse:3", ",\"stream\":true"));

        List<String> events = dataOf(response.body());
        assertThat(events).hasSize(4);
        JsonNode error = Json.MAPPER.readTree(events.getLast()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("stream_interrupted");
        assertThat(response.body()).doesNotContain("[DONE]");
    }

    @Test
    void aStreamThatGoesQuietTimesOutWithAnErrorEvent() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                chat("test/slow:openai/stream-text-include-usage.sse:2600", ",\"stream\":true"));

        List<String> events = dataOf(response.body());
        assertThat(Json.MAPPER.readTree(events.getLast()).at("/error/code").asString()).isEqualTo("upstream_timeout");
    }

    @Test
    void upstreamErrorsKeepTheirStatusMessageAndRetryAfter() {
        HttpResponse<String> badRequest = gateway.post("/v1/chat/completions",
                chat("test/replay:openai/error-400-unsupported-value.json", ""));
        assertThat(badRequest.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(badRequest.body()).at("/error/message").asString())
                .isEqualTo(Json.MAPPER.readTree(Fixtures.text("openai/error-400-unsupported-value.json"))
                        .at("/error/message").asString());

        HttpResponse<String> limited = gateway.post("/v1/chat/completions", chat("test/status:429", ""));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).hasValue("3");
        assertThat(Json.MAPPER.readTree(limited.body()).at("/error/message").asString()).isEqualTo("fake status 429");

        HttpResponse<String> streamed = gateway.post("/v1/chat/completions",
                chat("test/status:503", ",\"stream\":true"));
        assertThat(streamed.statusCode()).isEqualTo(503);
    }

    @Test
    void anUnreachableUpstreamGets502() {
        try (RunningGateway other = RunningGateway.start("""
                platforms:
                  - { id: gone, base_url: "http://127.0.0.1:1/v1", key_required: false }
                """, java.util.Map.of())) {
            HttpResponse<String> response = other.post("/v1/chat/completions", chat("gone/x", ""));
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(Json.MAPPER.readTree(response.body()).at("/error/code").asString())
                    .isEqualTo("upstream_unreachable");
        }
    }

    @Test
    void aClientThatHangsUpMidStreamCancelsTheUpstream() throws Exception {
        String model = "slow:openai/stream-text-include-usage.sse:300";
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(chat("test/" + model, ",\"stream\":true"))).build();
        HttpResponse<InputStream> response = gateway.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertThat(body.read(new byte[64])).isPositive();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!fake.wasCancelled(model) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(fake.wasCancelled(model)).isTrue();
    }

    @Test
    void badInputGetsA4xxNamingTheFieldAndReachesNoUpstream() {
        assertError(gateway.post("/v1/chat/completions", "{\"model\": \"test/x\", "), 400, null, "invalid_json");
        assertError(gateway.post("/v1/chat/completions", "{\"model\":\"test/x\"}"), 400, "messages",
                "missing_required_parameter");
        assertError(gateway.post("/v1/chat/completions", chat("test/x", ",\"temperature\":\"hot\"")), 400,
                "temperature", "invalid_type");
        assertError(gateway.post("/v1/chat/completions",
                "{\"model\":\"test/x\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}"), 400,
                "messages[0].role", "invalid_value");
        assertError(gateway.post("/v1/chat/completions",
                "{\"model\":\"test/x\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}"), 400,
                "messages[0].tool_call_id", "missing_required_parameter");
        assertError(gateway.post("/v1/chat/completions", chat("test/x", ",\"pad\":\"" + "x".repeat(300_000) + "\"")),
                413, null, "request_too_large");
        assertError(gateway.post("/v1/chat/completions", chat("nowhere/model", "")), 404, "model", "model_not_found");
        assertError(gateway.post("/v1/chat/completions", chat("groq/llama-3.3-70b-versatile", "")), 401, null,
                "platform_not_configured");
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void modelsAndHealthAnswer() {
        JsonNode models = Json.MAPPER.readTree(gateway.get("/v1/models").body());
        assertThat(models.path("object").asString()).isEqualTo("list");
        assertThat(models.path("data").findValuesAsString("id")).contains("test/*", "ollama/*");
        assertThat(gateway.get("/health").statusCode()).isEqualTo(200);
        assertThat(gateway.get("/health/ready").statusCode()).isEqualTo(200);
        assertError(gateway.get("/v1/nothing-here"), 404, null, "unknown_url");
    }

    private static void assertError(HttpResponse<String> response, int status, String param, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
        assertThat(error.path("message").asString()).isNotBlank();
        assertThat(error.path("type").asString()).isNotBlank();
        assertThat(error.path("code").asString(null)).isEqualTo(code);
        assertThat(error.path("param").asString(null)).isEqualTo(param);
    }

    /** The data payloads of an SSE body, in order. */
    static List<String> dataOf(String sse) {
        return sse.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    }
}
