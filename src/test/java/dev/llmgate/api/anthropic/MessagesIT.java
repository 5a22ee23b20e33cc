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
                server: { max_body_bytes: 100000 }
                platforms:
                  - { id: anth, dialect: anthropic, base_url: "http://127.0.0.1:%1$d", api_key: anthropic-key }
                  - { id: oai, dialect: openai, base_url: "http://127.0.0.1:%1$d/v1", api_key: openai-key }
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
        assertError(gateway.post("/v1/messages", body("anth/x", ",\"pad\":\"" + "x".repeat(150_000) + "\"")), 413,
                "request_too_large", "limit");
        assertError(gateway.post("/v1/messages", body("nowhere/x", "")), 404, "not_found_error", "nowhere/x");
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void upstreamErrorsKeepStatusAndType() {
        assertError(gateway.post("/v1/messages", body("anth/replay:anthropic/error-529-overloaded.json", "")), 529,
                "overloaded_error", "verloaded");
    }

    private static void assertError(HttpResponse<String> response, int status, String type, String mentions) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode envelope = Json.MAPPER.readTree(response.body());
        assertThat(envelope.path("type").asString()).isEqualTo("error");
        assertThat(envelope.at("/error/type").asString()).isEqualTo(type);
        assertThat(envelope.at("/error/message").asString()).contains(mentions);
    }
}
