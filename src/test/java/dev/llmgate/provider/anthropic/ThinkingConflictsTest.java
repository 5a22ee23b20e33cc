package dev.llmgate.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.Json;
import dev.llmgate.provider.openai.OpenAiRequestCodec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Requests with thinking on and what Anthropic refuses beside it, as the body Anthropic gets and the warnings. */
class ThinkingConflictsTest {

    private static final String TOOLS = """
            "tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object"}}}]""";
    private static final String ASKED = """
            {"role":"user","content":"Weather in Paris?"}""";
    private static final String RESULT = """
            {"role":"tool","tool_call_id":"a","content":"sunny"}""";

    @Test
    void samplingAnthropicRefusesWithThinkingIsDropped() {
        AnthropicRequestCodec.Encoded encoded = fromOpenAi("""
                {"model":"m","reasoning_effort":"low","max_tokens":8000,"temperature":0.2,"top_p":0.5,"top_k":40,
                 "messages":[%s]}""".formatted(ASKED));

        ObjectNode body = encoded.body();
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.has("top_p")).isFalse();
        assertThat(body.has("top_k")).isFalse();
        assertThat(body.at("/thinking/type").asString()).isEqualTo("enabled");
        assertThat(encoded.warnings()).containsExactly(
                "temperature dropped: Anthropic takes only temperature 1 with thinking on",
                "top_k dropped: Anthropic takes no top_k with thinking on",
                "top_p dropped: Anthropic takes top_p only from 0.95 to 1 with thinking on");
    }

    @Test
    void samplingAnthropicTakesWithThinkingIsKept() {
        AnthropicRequestCodec.Encoded encoded = fromOpenAi("""
                {"model":"m","reasoning_effort":"low","temperature":1,"top_p":0.97,"messages":[%s]}""".formatted(ASKED));

        assertThat(encoded.body().get("temperature").asDouble()).isEqualTo(1.0);
        assertThat(encoded.body().get("top_p").asDouble()).isEqualTo(0.97);
        assertThat(encoded.warnings()).isEmpty();
    }

    @Test
    void withoutThinkingNothingChanges() {
        AnthropicRequestCodec.Encoded encoded = fromOpenAi("""
                {"model":"m","temperature":0.2,"top_k":40,"tool_choice":"required",%s,
                 "messages":[%s]}""".formatted(TOOLS, ASKED));

        assertThat(encoded.body().get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(encoded.body().get("top_k").asInt()).isEqualTo(40);
        assertThat(encoded.warnings()).isEmpty();
    }

    @Test
    void forcedToolUseTurnsThinkingOffAndGivesBackTheClientsLimit() {
        AnthropicRequestCodec.Encoded encoded = fromOpenAi("""
                {"model":"m","reasoning_effort":"high","max_tokens":2000,"temperature":0.2,"tool_choice":"required",%s,
                 "messages":[%s]}""".formatted(TOOLS, ASKED));

        ObjectNode body = encoded.body();
        assertThat(body.has("thinking")).isFalse();
        assertThat(body.get("max_tokens").asInt()).as("not grown for a thinking budget").isEqualTo(2000);
        assertThat(body.at("/tool_choice/type").asString()).isEqualTo("any");
        assertThat(body.get("temperature").asDouble()).as("allowed again without thinking").isEqualTo(0.2);
        assertThat(encoded.warnings()).singleElement().asString().startsWith("thinking turned off")
                .contains("forced tool use");
    }

    @Test
    void aToolCallTurnWithoutSignedThinkingTurnsThinkingOff() {
        AnthropicRequestCodec.Encoded encoded = fromOpenAi("""
                {"model":"m","reasoning_effort":"low",%s,"messages":[%s,
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"a","type":"function","function":{"name":"weather","arguments":"{}"}}]},
                  %s]}""".formatted(TOOLS, ASKED, RESULT));

        assertThat(encoded.body().has("thinking")).isFalse();
        assertThat(encoded.warnings()).singleElement().asString().startsWith("thinking turned off")
                .contains("no signed thinking");
    }

    @Test
    void aToolCallTurnWithItsSignedThinkingKeepsThinkingOn() {
        AnthropicRequestCodec.Encoded encoded = fromOpenAi("""
                {"model":"m","reasoning_effort":"low",%s,"messages":[%s,
                  {"role":"assistant","content":null,
                   "reasoning_details":[{"type":"reasoning.text","text":"Check it.","signature":"sig-1","index":0}],
                   "tool_calls":[{"id":"a","type":"function","function":{"name":"weather","arguments":"{}"}}]},
                  %s]}""".formatted(TOOLS, ASKED, RESULT));

        assertThat(encoded.body().at("/thinking/type").asString()).isEqualTo("enabled");
        assertThat(encoded.body().at("/messages/1/content/0")).isEqualTo(Json.object().put("type", "thinking")
                .put("thinking", "Check it.").put("signature", "sig-1"));
        assertThat(encoded.warnings()).isEmpty();
    }

    @Test
    void aNewQuestionNeedsNoThinkingInEarlierTurns() {
        AnthropicRequestCodec.Encoded encoded = fromOpenAi("""
                {"model":"m","reasoning_effort":"low","messages":[%s,
                  {"role":"assistant","content":"Sunny."},{"role":"user","content":"And Rome?"}]}""".formatted(ASKED));

        assertThat(encoded.body().at("/thinking/type").asString()).isEqualTo("enabled");
        assertThat(encoded.warnings()).isEmpty();
    }

    @Test
    void aPrefillWithoutThinkingTurnsThinkingOff() {
        AnthropicRequestCodec.Encoded encoded = fromAnthropic("""
                {"model":"m","max_tokens":4096,"thinking":{"type":"enabled","budget_tokens":1024},
                 "messages":[{"role":"user","content":"List three colours."},{"role":"assistant","content":"1."}]}""");

        assertThat(encoded.body().has("thinking")).isFalse();
        assertThat(encoded.warnings()).hasSize(1);
    }

    @Test
    void thinkingTurnedOffLeavesNoThinkingInAFinalAssistantTurn() {
        AnthropicRequestCodec.Encoded encoded = fromAnthropic("""
                {"model":"m","max_tokens":4096,"thinking":{"type":"enabled","budget_tokens":1024},
                 "tools":[{"name":"f","input_schema":{"type":"object"}}],"tool_choice":{"type":"tool","name":"f"},
                 "messages":[{"role":"user","content":"Go."},{"role":"assistant","content":[
                   {"type":"thinking","thinking":"Hm.","signature":"sig"},{"type":"text","text":"Calling"}]}]}""");

        assertThat(encoded.body().has("thinking")).isFalse();
        assertThat(encoded.body().at("/messages/1/content")).isEqualTo(Json.MAPPER.readTree("""
                [{"type":"text","text":"Calling"}]"""));
    }

    @Test
    void adaptiveThinkingHasItsSamplingDroppedOnly() {
        AnthropicRequestCodec.Encoded encoded = fromAnthropic("""
                {"model":"m","max_tokens":4096,"thinking":{"type":"adaptive"},"temperature":0.5,
                 "tools":[{"name":"f","input_schema":{"type":"object"}}],"tool_choice":{"type":"any"},
                 "messages":[{"role":"user","content":"Go."}]}""");

        assertThat(encoded.body().at("/thinking/type").asString()).isEqualTo("adaptive");
        assertThat(encoded.body().has("temperature")).isFalse();
        assertThat(encoded.warnings()).singleElement().asString().startsWith("temperature dropped");
    }

    private static AnthropicRequestCodec.Encoded fromOpenAi(String body) {
        ChatRequest request = OpenAiRequestCodec.fromWire(Json.parseObject(body.getBytes()));
        return AnthropicRequestCodec.encode(AnthropicRequestToWireTest.upstream(), request, 4096);
    }

    private static AnthropicRequestCodec.Encoded fromAnthropic(String body) {
        ChatRequest request = AnthropicRequestCodec.fromWire(Json.parseObject(body.getBytes()));
        return AnthropicRequestCodec.encode(AnthropicRequestToWireTest.upstream(), request, 4096);
    }
}
