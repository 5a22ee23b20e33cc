package dev.llmgate.api.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.Fixtures;
import dev.llmgate.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/messages} over raw HTTP: relays, Anthropic's error envelope, client keys never forwarded. */
class MessagesIT {

    static FakeUpstream fake;
    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.start("""
                server: { max_body_bytes: 1000000 }
                platforms:
                  - { id: anth, dialect: anthropic, base_url: "http://127.0.0.1:%1$d", api_key: anthropic-key }
                  - { id: oai, dialect: openai, base_url: "http://127.0.0.1:%1$d/v1", api_key: openai-key }
                  - { id: gem, dialect: gemini, base_url: "http://127.0.0.1:%1$d", api_key: gemini-key }
                """.formatted(fake.port()), Map.of());
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

    static String body(String model, String extra) {
        return """
                {"model":"%s","max_tokens":256,"messages":[{"role":"user","content":"Hi"}]%s}""".formatted(model, extra);
    }

    @Test
    void anAnthropicStreamIsRelayedByteForByte() {
        String fixture = "anthropic/stream-tool-use.sse";
        HttpResponse<String> response = gateway.post("/v1/messages", body("anth/replay:" + fixture, ",\"stream\":true"),
                "x-api-key", "client-secret", "anthropic-version", "2023-06-01");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Fixtures.text(fixture));
        FakeUpstream.Received sent = fake.received().getFirst();
        assertThat(sent.headers().get("x-api-key")).isEqualTo("anthropic-key");
        assertThat(sent.body().path("stream").asBoolean()).isTrue();
    }

    @Test
    void anOpenAiStreamIsReEncodedAsAnthropicEvents() {
        HttpResponse<String> response = gateway.post("/v1/messages",
                body("oai/replay:openai/stream-text-include-usage.sse", ",\"stream\":true"),
                "authorization", "Bearer client-secret");

        assertThat(response.body().lines().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).distinct())
                .containsSubsequence("message_start", "content_block_start", "content_block_delta",
                        "content_block_stop", "message_delta", "message_stop");
        assertThat(fake.received().getFirst().headers().get("authorization")).isEqualTo("Bearer openai-key");
    }

    @Test
    void aStreamCutShortEndsWithAnErrorEvent() {
        HttpResponse<String> response = gateway.post("/v1/messages",
                body("anth/cut:anthropic/stream-text.sse:3", ",\"stream\":true"));

        assertThat(response.body()).contains("event: error").doesNotContain("message_stop");
    }

    @Test
    void badInputGetsAnthropicsErrorEnvelopeAndReachesNoUpstream() {
        assertError(gateway.post("/v1/messages", "{\"model\":\"anth/x\",\"messages\":[]}"), 400, "invalid_request_error",
                "max_tokens");
        assertError(gateway.post("/v1/messages", "not json"), 400, "invalid_request_error", "JSON");
        assertError(gateway.post("/v1/messages", body("anth/x", ",\"pad\":\"" + "x".repeat(1_100_000) + "\"")), 413,
                "request_too_large", "limit");
        assertError(gateway.post("/v1/messages", body("nowhere/x", "")), 404, "not_found_error", "nowhere/x");
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void aLargeBodyArrivesWholeOrIsRefusedInAnthropicsShape() {
        String text = "y".repeat(400_000);
        HttpResponse<String> response = gateway.post("/v1/messages", """
                {"model":"anth/replay:anthropic/messages-text.json","max_tokens":256,\
                "messages":[{"role":"user","content":"%s"}]}""".formatted(text));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(fake.received().getFirst().body().at("/messages/0/content").toString()).contains(text);
        fake.clear();
        assertError(gateway.post("/v1/messages", "{\"model\":\"anth/x\",\"pad\":\"" + text), 400,
                "invalid_request_error", "JSON");
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void upstreamErrorsKeepStatusAndType() {
        assertError(gateway.post("/v1/messages", body("anth/replay:anthropic/error-529-overloaded.json", "")), 529,
                "overloaded_error", "verloaded");
    }

    @Test
    void theClientsVersionAndBetasReachAnthropicUpstreamsOnly() {
        String betas = "interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14";
        gateway.post("/v1/messages", body("anth/replay:anthropic/messages-text.json", ""),
                "x-api-key", "client-secret", "anthropic-version", "2023-01-01", "anthropic-beta", betas);
        gateway.post("/v1/messages/count_tokens", "{\"model\":\"anth/counted\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}", "anthropic-version", "2023-01-01", "anthropic-beta", betas);
        gateway.post("/v1/messages", body("anth/replay:anthropic/messages-text-metadata.json", ""));
        gateway.post("/v1/messages", body("oai/replay:openai/chat-text.json", ""),
                "anthropic-version", "2023-01-01", "anthropic-beta", betas);

        for (FakeUpstream.Received sent : fake.received().subList(0, 2)) {
            assertThat(sent.headers()).as(sent.path()).containsEntry("anthropic-beta", betas)
                    .containsEntry("anthropic-version", "2023-01-01").containsEntry("x-api-key", "anthropic-key");
        }
        FakeUpstream.Received plain = fake.received().get(2);
        assertThat(plain.headers()).as("without the client's: the default version, no betas")
                .containsEntry("anthropic-version", "2023-06-01").doesNotContainKey("anthropic-beta");
        FakeUpstream.Received openAi = fake.received().get(3);
        assertThat(openAi.headers()).doesNotContainKeys("anthropic-beta", "anthropic-version", "x-api-key");
    }

    @Test
    void messageStartReportsThePromptUpFront() {
        String fromGemini = gateway.post("/v1/messages", body("gem/replay:gemini~stream-thinking.sse",
                ",\"stream\":true")).body();
        assertThat(usageOf(fromGemini, "message_start").path("input_tokens").asInt()).as("Gemini's first chunk")
                .isEqualTo(34);
        assertThat(usageOf(fromGemini, "message_start").path("output_tokens").asInt()).isZero();
        assertThat(usageOf(fromGemini, "message_delta").path("input_tokens").asInt()).isEqualTo(34);

        String fromOpenAi = gateway.post("/v1/messages", body("oai/replay:openai/stream-text-include-usage.sse",
                ",\"stream\":true,\"temperature\":0.5")).body(); // not the cached answer of another test
        // the prompt is one message "Hi": 1 token, 3 of framing, 3 priming the reply (o200k)
        assertThat(usageOf(fromOpenAi, "message_start").path("input_tokens").asInt()).as("an estimate").isEqualTo(7);
        assertThat(usageOf(fromOpenAi, "message_delta").path("input_tokens").asInt()).as("the upstream's count")
                .isEqualTo(14);
    }

    @Test
    void thinkingOnWithWhatAnthropicRefusesBesideItIsAdjustedAndSaid() {
        String thinking = ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},\"max_tokens\":4096";
        HttpResponse<String> sampled = gateway.post("/v1/messages", """
                {"model":"anth/replay:anthropic/messages-thinking.json","temperature":0.2,"top_k":40%s,
                 "messages":[{"role":"user","content":"Hi"}]}""".formatted(thinking));
        assertThat(sampled.statusCode()).as(sampled.body()).isEqualTo(200);
        assertThat(sampled.headers().allValues("x-llmgate-warning"))
                .anySatisfy(w -> assertThat(w).startsWith("temperature dropped"))
                .anySatisfy(w -> assertThat(w).startsWith("top_k dropped"));
        JsonNode sent = fake.received().getLast().body();
        assertThat(sent.has("temperature")).isFalse();
        assertThat(sent.has("top_k")).isFalse();
        assertThat(sent.at("/thinking/budget_tokens").asInt()).isEqualTo(1024);

        HttpResponse<String> forced = gateway.post("/v1/messages", """
                {"model":"anth/replay:anthropic/stream-tool-use.sse","stream":true%s,
                 "tools":[{"name":"get_weather","input_schema":{"type":"object"}}],"tool_choice":{"type":"any"},
                 "messages":[{"role":"user","content":"Weather in Paris?"}]}""".formatted(thinking));
        assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
        assertThat(forced.headers().allValues("x-llmgate-warning"))
                .singleElement().satisfies(w -> assertThat(w).startsWith("thinking turned off"));
        sent = fake.received().getLast().body();
        assertThat(sent.has("thinking")).isFalse();
        assertThat(sent.at("/tool_choice/type").asString()).isEqualTo("any");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(4096);
    }

    private static JsonNode usageOf(String stream, String event) {
        String data = stream.lines().dropWhile(l -> !l.equals("event: " + event)).skip(1).findFirst().orElseThrow();
        JsonNode json = Json.MAPPER.readTree(data.substring("data: ".length()));
        return event.equals("message_start") ? json.at("/message/usage") : json.path("usage");
    }

    private static void assertError(HttpResponse<String> response, int status, String type, String mentions) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode envelope = Json.MAPPER.readTree(response.body());
        assertThat(envelope.path("type").asString()).isEqualTo("error");
        assertThat(envelope.at("/error/type").asString()).isEqualTo(type);
        assertThat(envelope.at("/error/message").asString()).contains(mentions);
    }
}
