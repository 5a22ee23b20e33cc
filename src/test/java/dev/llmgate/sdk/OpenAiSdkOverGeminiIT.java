package dev.llmgate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.NodeScript;
import dev.llmgate.testing.RunningGateway;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The official OpenAI SDK through the gateway to a Gemini upstream replaying recorded generateContent bytes. */
class OpenAiSdkOverGeminiIT {

    static FakeUpstream fake;
    static RunningGateway gateway;
    static JsonNode results;

    @BeforeAll
    static void run() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.start("""
                upstream: { connect_timeout: 2, first_byte_timeout: 3, idle_timeout: 2, total_timeout: 20 }
                router: { max_retry_wait: 1 }
                platforms:
                  - { id: gem, dialect: gemini, base_url: "http://127.0.0.1:%d", api_key: gemini-key }
                """.formatted(fake.port()), Map.of());
        results = NodeScript.run("openai-sdk.mjs", Map.of(
                "NON_STREAM_MODEL", "gem/replay:gemini~generate-content-text.json",
                "TOOLS_MODEL", "gem/replay:gemini~generate-content-parallel-function-calls.json",
                "STREAM_TOOLS_MODEL", "gem/replay:gemini~stream-function-call.sse",
                "STREAM_MODEL", "gem/replay:gemini~stream-text.sse",
                "REASONING_MODEL", "gem/replay:gemini~generate-content-thinking.json",
                "STREAM_REASONING_MODEL", "gem/replay:gemini~stream-thinking.sse",
                "RATE_LIMITED_MODEL", "gem/replay:gemini~error-429-retry-info.json",
                "CACHED_MODEL", "gem/replay:gemini~generate-content-cached-content-tokens.json",
                "CUT_MODEL", "gem/cut:gemini~stream-text.sse:2"), gateway.baseUrl() + "/v1");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    @Test
    void theKeyGoesInGooglesHeaderAndTheModelInThePath() {
        FakeUpstream.Received first = fake.received().stream()
                .filter(r -> r.model().equals("replay:gemini~generate-content-text.json")).findFirst().orElseThrow();
        assertThat(first.headers().get("x-goog-api-key")).isEqualTo("gemini-key");
        assertThat(first.headers()).doesNotContainKey("authorization");
        assertThat(first.path()).endsWith(":generateContent");
        assertThat(first.body().path("contents").isArray()).isTrue();
    }

    @Test
    void text() {
        JsonNode r = results.path("nonStream");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.path("content").asString()).isNotBlank();
        assertThat(r.path("finish").asString()).isEqualTo("stop");
        assertThat(r.at("/usage/prompt_tokens").asInt()).isPositive();
    }

    @Test
    void parallelFunctionCallsBecomeToolCallsWithIds() {
        JsonNode r = results.path("toolCallsNonStream");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.path("toolCalls").findValuesAsString("name")).containsExactly("sum", "sum", "sum");
        assertThat(r.path("toolCalls").findValuesAsString("arguments"))
                .containsExactly("{\"y\":1,\"x\":2}", "{\"y\":3,\"x\":4}", "{\"y\":5,\"x\":6}");
        for (JsonNode call : r.path("toolCalls")) {
            assertThat(call.path("id").asString()).matches("[a-zA-Z0-9_-]+");
        }
        assertThat(r.path("toolCalls").findValuesAsString("id")).doesNotHaveDuplicates();
        assertThat(r.path("finish").asString()).isEqualTo("tool_calls");
    }

    @Test
    void streamedFunctionCallArrivesWithCompleteArguments() {
        JsonNode r = results.path("streamWithTools");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        JsonNode call = r.at("/toolCalls/0");
        assertThat(r.path("toolCalls")).hasSize(1);
        assertThat(call.at("/function/name").asString()).isEqualTo("get_capital");
        assertThat(call.at("/function/arguments").asString()).isEqualTo("{\"country\":\"France\"}");
        assertThat(r.at("/usage/total_tokens").asInt()).isPositive();
    }

    @Test
    void streamedText() {
        JsonNode r = results.path("streamText");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.path("text").asString()).isNotBlank();
    }

    @Test
    void thoughtsAreShownAsReasoningWithTheirTokenCount() {
        JsonNode r = results.path("reasoning");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.path("reasoning").asString()).isNotBlank();
        assertThat(r.at("/usage/completion_tokens_details/reasoning_tokens").asInt()).isPositive();

        JsonNode streamed = results.path("streamReasoning");
        assertThat(streamed.path("ok").asBoolean()).as(streamed.toString()).isTrue();
        assertThat(streamed.path("reasoning").asString()).isNotBlank();
        assertThat(streamed.path("text").asString()).isNotBlank();
    }

    @Test
    void cachedContentTokensAreCountedInThePromptAndShownApart() {
        JsonNode r = results.path("cachedUsage");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        // Gemini's promptTokenCount already includes its cachedContentTokenCount, as OpenAI's prompt_tokens do
        assertThat(r.at("/usage/prompt_tokens").asInt()).isEqualTo(17_713);
        assertThat(r.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(17_379);
        assertThat(r.at("/usage/completion_tokens_details/reasoning_tokens").asInt()).isEqualTo(821);
        assertThat(r.at("/usage/completion_tokens").asInt()).isEqualTo(68 + 821);
    }

    @Test
    void quotaErrorsKeepTheirStatus() {
        JsonNode r = results.path("rateLimited");
        assertThat(r.path("ok").asBoolean()).isFalse();
        assertThat(r.path("status").asInt()).isEqualTo(429);
        assertThat(r.path("error").asString()).isEqualTo("RateLimitError");
    }

    @Test
    void aCutStreamRaisesInTheSdk() {
        JsonNode r = results.path("cutStream");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isFalse();
    }
}
