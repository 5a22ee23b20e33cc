package dev.llmgate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.Fixtures;
import dev.llmgate.testing.NodeScript;
import dev.llmgate.testing.RunningGateway;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The official Anthropic SDK against the gateway's /v1/messages, over Anthropic, OpenAI and Gemini upstreams. */
class AnthropicSdkIT {

    static FakeUpstream fake;
    static RunningGateway gateway;
    static JsonNode overAnthropic;
    static JsonNode overOpenAi;
    static JsonNode overGemini;

    @BeforeAll
    static void run() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.start("""
                upstream: { connect_timeout: 2, first_byte_timeout: 3, idle_timeout: 2, total_timeout: 20 }
                router: { max_retry_wait: 1, retries: 1 }
                platforms:
                  - { id: anth, dialect: anthropic, base_url: "http://127.0.0.1:%1$d", api_key: anthropic-key }
                  - { id: oai, dialect: openai, base_url: "http://127.0.0.1:%1$d/v1", api_key: openai-key }
                  - { id: gem, dialect: gemini, base_url: "http://127.0.0.1:%1$d", api_key: gemini-key }
                """.formatted(fake.port()), Map.of());
        String url = gateway.baseUrl();
        overAnthropic = NodeScript.run("anthropic-sdk.mjs", Map.of(
                "TEXT_MODEL", "anth/replay:anthropic/messages-text.json",
                "STREAM_TOOLS_MODEL", "anth/replay:anthropic/stream-tool-use.sse",
                "STREAM_THINKING_MODEL", "anth/replay:anthropic/stream-thinking.sse",
                "RATE_LIMITED_MODEL", "anth/replay:anthropic/error-429-rate-limit.json",
                "OVERLOADED_MODEL", "anth/replay:anthropic/error-529-overloaded.json",
                "MISSING_MAX_TOKENS_MODEL", "anth/replay:anthropic/messages-text.json",
                "COUNT_MODEL", "anth/replay:anthropic/messages-text.json",
                "COUNT_THINKING_MODEL", "anth/count-with-thinking"), url);
        overOpenAi = NodeScript.run("anthropic-sdk.mjs", Map.of(
                "TEXT_MODEL", "oai/replay:openai/chat-text.json",
                "STREAM_TOOLS_MODEL", "oai/replay:openai/stream-tool-calls-parallel.sse",
                "STREAM_THINKING_MODEL", "oai/replay:openrouter/stream-reasoning-details.sse",
                "RATE_LIMITED_MODEL", "oai/status:429",
                "COUNT_MODEL", "oai/replay:openai/chat-text.json",
                "COUNT_THINKING_MODEL", "oai/count-with-thinking"), url);
        overGemini = NodeScript.run("anthropic-sdk.mjs", Map.of(
                "TEXT_MODEL", "gem/replay:gemini~generate-content-text.json",
                "STREAM_TOOLS_MODEL", "gem/replay:gemini~stream-function-call.sse",
                "STREAM_THINKING_MODEL", "gem/replay:gemini~stream-thinking.sse",
                "RATE_LIMITED_MODEL", "gem/replay:gemini~error-429-retry-info.json"), url);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    @Test
    void anthropicUpstreamTextAndTheUpstreamKey() {
        JsonNode r = overAnthropic.path("text");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.at("/blocks/0/type").asString()).isEqualTo("text");
        assertThat(r.path("stop").asString()).isEqualTo("end_turn");
        FakeUpstream.Received sent = fake.received().stream()
                .filter(x -> x.model().equals("replay:anthropic/messages-text.json")).findFirst().orElseThrow();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.headers().get("x-api-key")).isEqualTo("anthropic-key");
        assertThat(sent.headers().get("anthropic-version")).isNotBlank();
    }

    @Test
    void anthropicUpstreamStreamedToolUseIsRelayedAndAssembledBySdk() {
        JsonNode r = overAnthropic.path("streamToolUse");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        JsonNode toolUse = firstBlock(r, "tool_use");
        assertThat(toolUse.path("id").asString()).isEqualTo("toolu_018acGYLtfR52q9yDbWaEdQZ");
        assertThat(toolUse.path("name").asString()).isEqualTo("get_weather");
        assertThat(toolUse.path("input")).isEqualTo(Json.object().put("location", "San Francisco, CA")
                .put("units", "f"));
        assertThat(r.path("stop").asString()).isEqualTo("tool_use");
    }

    @Test
    void anthropicUpstreamThinkingKeepsItsSignature() {
        JsonNode r = overAnthropic.path("streamThinking");
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        JsonNode thinking = firstBlock(r, "thinking");
        assertThat(thinking.path("thinking").asString())
                .isEqualTo(OpenAiSdkOverAnthropicIT.deltas("anthropic/stream-thinking.sse", "thinking"));
        assertThat(thinking.path("signature").asString())
                .isEqualTo(OpenAiSdkOverAnthropicIT.deltas("anthropic/stream-thinking.sse", "signature"));
    }

    @Test
    void anthropicErrorsKeepTheirTypes() {
        JsonNode limited = overAnthropic.path("rateLimited");
        assertThat(limited.path("status").asInt()).isEqualTo(429);
        assertThat(limited.path("error").asString()).isEqualTo("RateLimitError");
        JsonNode overloaded = overAnthropic.path("overloaded");
        assertThat(overloaded.path("status").asInt()).isEqualTo(529);
        assertThat(overloaded.path("type").asString()).isEqualTo("overloaded_error");
        JsonNode missing = overAnthropic.path("missingMaxTokens");
        assertThat(missing.path("status").asInt()).isEqualTo(400);
        assertThat(missing.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(missing.path("message").asString()).contains("max_tokens");
    }

    @Test
    void tokensAreCountedByAnthropicAndEstimatedElsewhere() {
        JsonNode counted = overAnthropic.path("countTokens");
        assertThat(counted.path("ok").asBoolean()).as(counted.toString()).isTrue();
        assertThat(counted.path("inputTokens").asInt()).as("the upstream's own count")
                .isEqualTo(FakeUpstream.COUNTED_TOKENS);
        assertThat(fake.received().stream().filter(r -> r.path().equals("/v1/messages/count_tokens")).findFirst()
                .orElseThrow().body().has("max_tokens")).as("count_tokens takes no max_tokens").isFalse();

        JsonNode estimated = overOpenAi.path("countTokens");
        assertThat(estimated.path("ok").asBoolean()).as(estimated.toString()).isTrue();
        assertThat(estimated.path("inputTokens").asInt()).isBetween(20, 200);
    }

    @Test
    void tokensOfARequestWithThinkingAreCountedToo() {
        JsonNode counted = overAnthropic.path("countTokensWithThinking");
        assertThat(counted.path("ok").asBoolean()).as(counted.toString()).isTrue();
        assertThat(counted.path("inputTokens").asInt()).isEqualTo(FakeUpstream.COUNTED_TOKENS);
        JsonNode sent = fake.received().stream().filter(r -> r.model().equals("count-with-thinking")).findFirst()
                .orElseThrow().body();
        assertThat(sent.path("thinking")).isEqualTo(Json.object().put("type", "enabled").put("budget_tokens", 2048));
        assertThat(sent.has("max_tokens")).isFalse();

        JsonNode estimated = overOpenAi.path("countTokensWithThinking");
        assertThat(estimated.path("ok").asBoolean()).as(estimated.toString()).isTrue();
        assertThat(estimated.path("inputTokens").asInt()).isBetween(5, 100);
    }

    @Test
    void openAiUpstreamSpeaksAnthropicToTheSdk() {
        JsonNode text = overOpenAi.path("text");
        assertThat(text.path("ok").asBoolean()).as(text.toString()).isTrue();
        assertThat(text.at("/blocks/0/text").asString()).isNotBlank();

        JsonNode tools = overOpenAi.path("streamToolUse");
        assertThat(tools.path("ok").asBoolean()).as(tools.toString()).isTrue();
        assertThat(tools.path("blocks").findValuesAsString("name")).containsExactly("GetWeatherArgs", "get_stock_price");
        assertThat(firstBlock(tools, "tool_use").at("/input/city").asString()).isEqualTo("Edinburgh");
        assertThat(tools.path("stop").asString()).isEqualTo("tool_use");
        assertThat(tools.at("/usage/output_tokens").asInt()).isEqualTo(60);

        JsonNode thinking = overOpenAi.path("streamThinking");
        assertThat(thinking.path("ok").asBoolean()).as(thinking.toString()).isTrue();
        assertThat(firstBlock(thinking, "thinking").path("signature").asString()).isNotBlank();

        JsonNode limited = overOpenAi.path("rateLimited");
        assertThat(limited.path("status").asInt()).isEqualTo(429);
        assertThat(limited.path("type").asString()).isEqualTo("rate_limit_error");
    }

    @Test
    void geminiUpstreamSpeaksAnthropicToTheSdk() {
        JsonNode text = overGemini.path("text");
        assertThat(text.path("ok").asBoolean()).as(text.toString()).isTrue();
        assertThat(text.at("/blocks/0/text").asString()).isNotBlank();

        JsonNode tools = overGemini.path("streamToolUse");
        assertThat(tools.path("ok").asBoolean()).as(tools.toString()).isTrue();
        assertThat(firstBlock(tools, "tool_use").path("name").asString()).isEqualTo("get_capital");
        assertThat(firstBlock(tools, "tool_use").path("input")).isEqualTo(Json.object().put("country", "France"));
        assertThat(firstBlock(tools, "tool_use").path("id").asString()).matches("[a-zA-Z0-9_-]+");
        assertThat(tools.path("stop").asString()).isEqualTo("tool_use");

        JsonNode thinking = overGemini.path("streamThinking");
        assertThat(thinking.path("ok").asBoolean()).as(thinking.toString()).isTrue();
        JsonNode block = firstBlock(thinking, "thinking");
        assertThat(block.path("thinking").asString()).startsWith("**Clarifying User Goals**");
        assertThat(block.path("signature").asString()).as("Gemini's thought signature, byte for byte")
                .isEqualTo(geminiThoughtSignature("gemini/stream-thinking.sse"));
        assertThat(firstBlock(thinking, "text").path("text").asString()).isNotBlank();

        JsonNode limited = overGemini.path("rateLimited");
        assertThat(limited.path("ok").asBoolean()).isFalse();
        assertThat(limited.path("status").asInt()).isEqualTo(429);
        assertThat(limited.path("error").asString()).isEqualTo("RateLimitError");
        assertThat(limited.path("type").asString()).isEqualTo("rate_limit_error");
    }

    /** The one thought signature of a recorded Gemini stream. */
    private static String geminiThoughtSignature(String fixture) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"thoughtSignature\": *\"([^\"]+)\"")
                .matcher(Fixtures.text(fixture));
        assertThat(matcher.find()).as("a signature in " + fixture).isTrue();
        return matcher.group(1);
    }

    private static JsonNode firstBlock(JsonNode result, String type) {
        for (JsonNode block : result.path("blocks")) {
            if (block.path("type").asString().equals(type)) {
                return block;
            }
        }
        throw new AssertionError("no " + type + " block in " + result);
    }
}
