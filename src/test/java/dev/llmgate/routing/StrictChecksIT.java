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
 * The model-spec checks set to refuse instead of adjusting ({@code drop_params: false}, {@code max_tokens:
 * reject}, {@code sunset: reject}): each refusal is a 400/404 that names the field, and reaches no upstream.
 */
class StrictChecksIT {

    static FakeUpstream fake;
    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.start("""
                cache: { enabled: false }
                platforms:
                  - { id: alpha, dialect: openai, base_url: "%s", api_key: a }
                router:
                  drop_params: false
                  max_tokens: reject
                  sunset: reject
                models:
                  - id: strict
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    unsupported_params: [temperature]
                    pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                    routes:
                      - { platform: alpha, model_string: "replay:openai/chat-text.json" }
                  - id: retired
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    status: sunset
                    sunset_date: 2026-01-01
                    migration_to: strict
                    pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                    routes:
                      - { platform: alpha, model_string: "replay:openai/chat-text.json" }
                """.formatted(fake.baseUrl()), Map.of());
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
    void aParameterTheModelDoesNotTakeIsRefused() {
        HttpResponse<String> response = gateway.chat("strict", ",\"temperature\":0.2");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RunningGateway.errorOf(response).path("code").asString()).isEqualTo("unsupported_parameter");
        assertThat(RunningGateway.errorOf(response).path("param").asString()).isEqualTo("temperature");
        assertThat(fake.count("replay:openai/chat-text.json")).isZero();
    }

    @Test
    void maxTokensAboveTheOutputLimitIsRefused() {
        HttpResponse<String> response = gateway.chat("strict", ",\"max_tokens\":9000");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RunningGateway.errorOf(response).path("code").asString()).isEqualTo("max_tokens_too_large");
        assertThat(RunningGateway.errorOf(response).path("message").asString()).contains("8192");
        assertThat(fake.count("replay:openai/chat-text.json")).isZero();
    }

    @Test
    void aSunsetModelIsRefusedNamingItsReplacement() {
        HttpResponse<String> response = gateway.chat("retired", "");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(RunningGateway.errorOf(response).path("code").asString()).isEqualTo("model_sunset");
        assertThat(RunningGateway.errorOf(response).path("message").asString()).contains("'strict'");
        assertThat(response.headers().firstValue("x-llmgate-model-migrated")).isEmpty();
        assertThat(fake.count("replay:openai/chat-text.json")).isZero();
    }

    @Test
    void aRequestWithinTheSpecIsServed() {
        assertThat(gateway.chat("strict", ",\"max_tokens\":100").statusCode()).isEqualTo(200);
    }
}
