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

/** The official OpenAI SDK for Node, pointed at the gateway, over an OpenAI-dialect upstream. */
class OpenAiSdkIT {

    static FakeUpstream fake;
    static RunningGateway gateway;
    static JsonNode results;

    @BeforeAll
    static void run() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.withFake(fake, "");
        results = NodeScript.run("openai-sdk.mjs", Map.of(
                "NON_STREAM_MODEL", "test/replay:openai/chat-text-2026.json",
                "TOOLS_MODEL", "test/replay:openai/chat-tool-calls-parallel.json",
                "STREAM_TOOLS_MODEL", "test/replay:openai/stream-tool-calls-parallel.sse",
                "STREAM_MODEL", "test/replay:openai/stream-text-include-usage.sse",
                "RATE_LIMITED_MODEL", "test/status:429",
                "CUT_MODEL", "test/cut:openai/stream-text-include-usage.sse:4",
                "CACHE_MODEL", "test/replay:openai/chat-tool-calls-parallel.json",
                "CACHE_STREAM_MODEL", "test/replay:openai/stream-tool-calls-parallel.sse"), gateway.baseUrl() + "/v1");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    @Test
    void nonStreamedCompletion() {
        JsonNode r = results.path("nonStream");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.path("content").asString()).isNotBlank();
        assertThat(r.path("finish").asString()).isEqualTo("stop");
        assertThat(r.at("/usage/prompt_tokens").asInt()).isPositive();
    }

    @Test
    void parallelToolCalls() {
        JsonNode r = results.path("toolCallsNonStream");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.path("toolCalls").findValuesAsString("name")).containsExactly("GetWeatherArgs", "get_stock_price");
        assertThat(r.path("finish").asString()).isEqualTo("tool_calls");
    }

    @Test
    void streamedToolCallsAccumulateIntoCompleteArguments() {
        JsonNode r = results.path("streamWithTools");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.path("chunks").asInt()).isGreaterThan(5);
        JsonNode calls = r.path("toolCalls");
        assertThat(calls).hasSize(2);
        assertThat(calls.at("/0/function/arguments").asString())
                .isEqualTo("{\"city\": \"Edinburgh\", \"country\": \"GB\", \"units\": \"c\"}");
        assertThat(calls.at("/1/function/arguments").asString()).isEqualTo("{\"ticker\": \"AAPL\", \"exchange\": \"NASDAQ\"}");
        assertThat(r.at("/usage/total_tokens").asInt()).isEqualTo(209);
    }

    @Test
    void streamedTextWithoutTheUsageChunkTheClientDidNotAskFor() {
        JsonNode r = results.path("streamText");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.path("text").asString()).isNotBlank();
        assertThat(r.path("usageSeen").asBoolean()).isFalse();
    }

    @Test
    void upstreamRateLimitSurfacesAsTheSdksRateLimitError() {
        JsonNode r = results.path("rateLimited");
        assertThat(r.path("ok").asBoolean()).isFalse();
        assertThat(r.path("error").asString()).isEqualTo("RateLimitError");
        assertThat(r.path("status").asInt()).isEqualTo(429);
    }

    @Test
    void aCachedWholeAnswerReplayedAsAStreamReadsTheSameThroughTheSdk() {
        JsonNode r = results.path("cacheReplay");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.path("replayed")).as("the SDK's final completion of the replayed stream").isEqualTo(r.path("whole"));
        assertThat(r.path("whole").path("toolCalls")).hasSize(2);
        assertThat(r.path("replayedChunks").asInt()).isGreaterThan(3);
        assertThat(fake.count("replay:openai/chat-tool-calls-parallel.json")).as("one upstream call, then a hit")
                .isEqualTo(2); // the toolCallsNonStream scenario asks a different question
    }

    @Test
    void aCachedStreamReadsTheSameThroughTheSdkReplayedOrAsAWholeAnswer() {
        JsonNode r = results.path("cacheReplay");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        JsonNode live = r.path("live");
        assertSameCompletion(r.path("liveAgain"), live);
        assertSameCompletion(r.path("asWhole"), live);
        assertThat(r.path("asWhole").path("object").asString()).isEqualTo("chat.completion");
        assertThat(fake.count("replay:openai/stream-tool-calls-parallel.sse")).as("one upstream call, then hits")
                .isEqualTo(2); // the streamWithTools scenario asks a different question
    }

    /**
     * Everything the SDK gives the application is the same; usage is compared by its counts, because a live
     * stream from an OpenAI upstream is relayed as the upstream wrote it, while the gateway's own encoding
     * (of any cached or translated answer) always spells out {@code prompt_tokens_details}.
     */
    static void assertSameCompletion(JsonNode actual, JsonNode expected) {
        for (String field : new String[] {"id", "model", "created", "object", "content", "refusal", "toolCalls",
                "finish"}) {
            assertThat(actual.path(field)).as(field).isEqualTo(expected.path(field));
        }
        for (String count : new String[] {"prompt_tokens", "completion_tokens", "total_tokens",
                "completion_tokens_details"}) {
            assertThat(actual.at("/usage/" + count)).as(count).isEqualTo(expected.at("/usage/" + count));
        }
    }

    @Test
    void aCutStreamRaisesInTheSdkInsteadOfEndingQuietly() {
        JsonNode r = results.path("cutStream");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isFalse();
        assertThat(r.path("message").asString()).contains("upstream connection broke");
    }
}
