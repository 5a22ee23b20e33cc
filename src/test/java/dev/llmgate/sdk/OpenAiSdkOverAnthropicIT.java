package dev.llmgate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.provider.http.SseEvent;
import dev.llmgate.provider.http.SseParser;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.Fixtures;
import dev.llmgate.testing.NodeScript;
import dev.llmgate.testing.RunningGateway;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The official OpenAI SDK through the gateway to an Anthropic upstream replaying recorded Messages API bytes:
 * text, streamed tool calls, thinking (and its signature coming back on the next turn), cached-token usage,
 * and Anthropic's errors as the SDK's error classes.
 */
class OpenAiSdkOverAnthropicIT {

    /** The catalog model of this test: its output limit is the max_tokens Anthropic gets when the client sets none. */
    static final int OUTPUT_LIMIT = 12_345;

    static FakeUpstream fake;
    static RunningGateway gateway;
    static JsonNode results;

    @BeforeAll
    static void run() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.start("""
                upstream: { connect_timeout: 2, first_byte_timeout: 3, idle_timeout: 2, total_timeout: 20 }
                router: { max_retry_wait: 1, retries: 0 }
                platforms:
                  - { id: anth, dialect: anthropic, base_url: "http://127.0.0.1:%d", api_key: anthropic-key }
                models:
                  - id: claude-replay-text
                    provider: anthropic
                    context_window: 200000
                    max_output_tokens: %d
                    capabilities: [tools, streaming, system_messages, reasoning]
                    pricing: { input_per_million: 3, output_per_million: 15 }
                    routes:
                      - { platform: anth, model_string: "replay:anthropic/messages-text.json", priority: 1 }
                """.formatted(fake.port(), OUTPUT_LIMIT), Map.of());
        results = NodeScript.run("openai-sdk.mjs", Map.ofEntries(
                Map.entry("NON_STREAM_MODEL", "claude-replay-text"),
                Map.entry("TOOLS_MODEL", "anth/replay:anthropic/messages-tool-use-parallel.json"),
                Map.entry("STREAM_TOOLS_MODEL", "anth/replay:anthropic/stream-tool-use.sse"),
                Map.entry("STREAM_MODEL", "anth/replay:anthropic/stream-text.sse"),
                Map.entry("REASONING_MODEL", "anth/replay:anthropic/messages-thinking.json"),
                Map.entry("STREAM_REASONING_MODEL", "anth/replay:anthropic/stream-thinking.sse"),
                Map.entry("CACHED_MODEL", "anth/replay:anthropic/messages-cache-read-and-write.json"),
                Map.entry("STREAM_CACHED_MODEL", "anth/replay:anthropic/stream-cache-read.sse"),
                Map.entry("RATE_LIMITED_MODEL", "anth/retry-after:7:anthropic/error-429-rate-limit.json"),
                Map.entry("OVERLOADED_MODEL", "anth/replay:anthropic/error-529-overloaded.json"),
                Map.entry("SIGNED_STREAM_MODEL", "anth/delay:1:anthropic/stream-thinking.sse"),
                Map.entry("SIGNED_NEXT_MODEL", "anth/delay:1:anthropic/messages-text.json"),
                Map.entry("SIGNED_NAIVE_NEXT_MODEL", "anth/delay:2:anthropic/messages-text.json"),
                Map.entry("SIGNED_WHOLE_MODEL", "anth/delay:1:anthropic/messages-thinking.json"),
                Map.entry("SIGNED_WHOLE_NEXT_MODEL", "anth/delay:3:anthropic/messages-text.json"),
                Map.entry("CUT_MODEL", "anth/cut:anthropic/stream-text.sse:3")), gateway.baseUrl() + "/v1");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    @Test
    void textAndTheCatalogsOutputLimitAsMaxTokens() {
        JsonNode r = results.path("nonStream");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        JsonNode recorded = Json.parseObject(Fixtures.bytes("anthropic/messages-text.json"));
        assertThat(r.path("content").asString()).isEqualTo(recorded.at("/content/0/text").asString());
        assertThat(r.path("finish").asString()).isEqualTo("stop");
        assertThat(r.at("/usage/prompt_tokens").asInt()).isEqualTo(12);
        assertThat(r.at("/usage/completion_tokens").asInt()).isEqualTo(29);

        FakeUpstream.Received sent = received("replay:anthropic/messages-text.json");
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.headers().get("x-api-key")).isEqualTo("anthropic-key");
        assertThat(sent.headers()).doesNotContainKey("authorization");
        assertThat(sent.body().path("max_tokens").asInt()).as("the client sent none: the model's output limit")
                .isEqualTo(OUTPUT_LIMIT);
    }

    @Test
    void parallelToolUseBecomesToolCallsWithTheirExactArguments() {
        JsonNode r = results.path("toolCallsNonStream");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.path("finish").asString()).isEqualTo("tool_calls");
        JsonNode calls = r.path("toolCalls");
        assertThat(calls).hasSize(4);
        JsonNode recorded = Json.parseObject(Fixtures.bytes("anthropic/messages-tool-use-parallel.json"));
        for (int i = 0; i < 4; i++) {
            JsonNode use = recorded.path("content").get(i + 1);
            assertThat(calls.at("/" + i + "/id").asString()).isEqualTo(use.path("id").asString());
            assertThat(calls.at("/" + i + "/function/name").asString()).isEqualTo(use.path("name").asString());
            assertThat(calls.at("/" + i + "/function/arguments").asString()).isEqualTo(Json.text(use.path("input")));
        }
    }

    @Test
    void streamedToolUseArrivesWithCompleteArguments() {
        JsonNode r = results.path("streamWithTools");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.path("chunks").asInt()).isGreaterThan(5);
        JsonNode call = r.at("/toolCalls/0");
        assertThat(r.path("toolCalls")).hasSize(1);
        assertThat(call.path("id").asString()).isEqualTo("toolu_018acGYLtfR52q9yDbWaEdQZ");
        assertThat(call.at("/function/name").asString()).isEqualTo("get_weather");
        assertThat(call.at("/function/arguments").asString())
                .isEqualTo("{\"location\": \"San Francisco, CA\", \"units\": \"f\"}");
        assertThat(r.path("finish").asString()).isEqualTo("tool_calls");
        assertThat(r.at("/usage/total_tokens").asInt()).isPositive();
    }

    @Test
    void streamedText() {
        JsonNode r = results.path("streamText");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.path("text").asString()).isEqualTo(deltas("anthropic/stream-text.sse", "text"));
        assertThat(r.path("usageSeen").asBoolean()).isFalse();
    }

    @Test
    void thinkingIsShownAsReasoning() {
        JsonNode whole = results.path("reasoning");
        assertThat(whole.path("ok").asBoolean()).as(whole.toString()).isTrue();
        JsonNode recorded = Json.parseObject(Fixtures.bytes("anthropic/messages-thinking.json"));
        assertThat(whole.path("reasoning").asString()).isEqualTo(recorded.at("/content/0/thinking").asString());
        assertThat(whole.at("/details/0/signature").asString()).isEqualTo(recorded.at("/content/0/signature").asString());
        assertThat(whole.path("content").asString()).isEqualTo(recorded.at("/content/1/text").asString());

        JsonNode streamed = results.path("streamReasoning");
        assertThat(streamed.path("ok").asBoolean()).as(streamed.toString()).isTrue();
        assertThat(streamed.path("reasoning").asString()).isEqualTo(deltas("anthropic/stream-thinking.sse", "thinking"));
        assertThat(streamed.path("text").asString()).isEqualTo(deltas("anthropic/stream-thinking.sse", "text"));
        assertThat(streamed.at("/usage/completion_tokens").asInt()).isPositive();
    }

    @Test
    void streamedThinkingGoesBackToAnthropicWholeWithItsSignature() {
        JsonNode r = results.path("signedReasoning");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        String text = deltas("anthropic/stream-thinking.sse", "thinking");
        String signature = deltas("anthropic/stream-thinking.sse", "signature");
        assertThat(r.path("reasoning").asString()).isEqualTo(text);
        assertThat(r.path("details")).as("pieces joined by index").hasSize(1);
        assertThat(r.at("/details/0/text").asString()).isEqualTo(text);
        assertThat(r.at("/details/0/signature").asString()).isEqualTo(signature);

        for (String next : new String[] {"delay:1:anthropic/messages-text.json", "delay:2:anthropic/messages-text.json"}) {
            JsonNode assistant = received(next).body().at("/messages/1");
            assertThat(assistant.path("role").asString()).isEqualTo("assistant");
            assertThat(assistant.at("/content/0")).as(next).isEqualTo(Json.object().put("type", "thinking")
                    .put("thinking", text).put("signature", signature));
            assertThat(assistant.at("/content/1/text").asString()).isEqualTo(deltas("anthropic/stream-thinking.sse", "text"));
            assertThat(received(next).body().at("/thinking/type").asString()).isEqualTo("enabled");
        }
    }

    @Test
    void wholeThinkingGoesBackToAnthropicWithItsSignature() {
        JsonNode r = results.path("signedReasoning");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        JsonNode recorded = Json.parseObject(Fixtures.bytes("anthropic/messages-thinking.json"));

        JsonNode assistant = received("delay:3:anthropic/messages-text.json").body().at("/messages/1");
        assertThat(assistant.at("/content/0")).isEqualTo(Json.object().put("type", "thinking")
                .put("thinking", recorded.at("/content/0/thinking").asString())
                .put("signature", recorded.at("/content/0/signature").asString()));
    }

    @Test
    void cachedTokensAreCountedInThePromptAndShownApart() {
        JsonNode r = results.path("cachedUsage");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        // input 3 + cache read 1111 + cache write 418
        assertThat(r.at("/usage/prompt_tokens").asInt()).isEqualTo(1532);
        assertThat(r.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(1111);
        assertThat(r.at("/usage/prompt_tokens_details/cache_write_tokens").asInt()).isEqualTo(418);
        assertThat(r.at("/usage/completion_tokens").asInt()).isEqualTo(33);

        JsonNode streamed = results.path("streamCachedUsage");
        assertThat(streamed.path("ok").asBoolean()).as(streamed.toString()).isTrue();
        assertThat(streamed.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(55_096);
        // two sampling iterations (a compaction, then the answer): their sum is what is billed
        assertThat(streamed.at("/usage/prompt_tokens").asInt()).isEqualTo(100 + 55_096 + 181);
        assertThat(streamed.at("/usage/completion_tokens").asInt()).isEqualTo(83 + 8);
    }

    @Test
    void aRateLimitIsTheSdksRateLimitErrorWithItsWait() {
        JsonNode r = results.path("rateLimited");
        assertThat(r.path("ok").asBoolean()).isFalse();
        assertThat(r.path("error").asString()).isEqualTo("RateLimitError");
        assertThat(r.path("status").asInt()).isEqualTo(429);
        assertThat(r.path("retryAfter").asString()).isEqualTo("7");
        assertThat(r.path("message").asString()).contains("rate limit");
    }

    @Test
    void overloadedIsAServerErrorWithAnthropicsStatus() {
        JsonNode r = results.path("overloaded");
        assertThat(r.path("ok").asBoolean()).isFalse();
        assertThat(r.path("status").asInt()).isEqualTo(529);
        assertThat(r.path("error").asString()).isEqualTo("InternalServerError");
        assertThat(r.path("message").asString()).contains("Overloaded");
    }

    @Test
    void aCutStreamRaisesInTheSdk() {
        JsonNode r = results.path("cutStream");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isFalse();
        assertThat(r.path("message").asString()).contains("upstream connection broke");
    }

    private static FakeUpstream.Received received(String model) {
        return fake.received().stream().filter(x -> x.model().equals(model)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing reached the fake for " + model));
    }

    /** A recorded stream's deltas of one kind joined: "text", "thinking", or the "signature". */
    static String deltas(String fixture, String kind) {
        StringBuilder joined = new StringBuilder();
        for (SseEvent event : new SseParser().feed(Buffer.buffer(Fixtures.bytes(fixture))).events()) {
            JsonNode delta = event.json().path("delta");
            if (event.json().path("type").asString("").equals("content_block_delta") && delta.has(kind)) {
                joined.append(delta.path(kind).asString());
            }
        }
        return joined.toString();
    }
}
