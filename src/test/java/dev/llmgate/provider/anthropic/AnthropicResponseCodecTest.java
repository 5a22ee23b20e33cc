package dev.llmgate.provider.anthropic;

import static dev.llmgate.provider.anthropic.AnthropicRequestToWireTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.FinishReason;
import dev.llmgate.chat.Json;
import dev.llmgate.provider.openai.OpenAiResponseCodec;
import dev.llmgate.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

/** Stop reasons and other-dialect answers, as canonical responses and as the message an Anthropic client gets. */
class AnthropicResponseCodecTest {

    @ParameterizedTest
    @CsvSource(textBlock = """
            end_turn,                      ,    STOP
            stop_sequence,                 END, STOP
            pause_turn,                    ,    STOP
            max_tokens,                    ,    LENGTH
            model_context_window_exceeded, ,    LENGTH
            tool_use,                      ,    TOOL_CALLS
            refusal,                       ,    CONTENT_FILTER
            """)
    void everyStopReasonMapsAndComesBackExactly(String stopReason, String stopSequence, FinishReason expected) {
        ObjectNode message = (ObjectNode) json("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[{"type":"text","text":"x"}],
                 "stop_reason":"%s","stop_sequence":%s,"usage":{"input_tokens":3,"output_tokens":1}}"""
                .formatted(stopReason, stopSequence == null ? "null" : "\"" + stopSequence + "\""));

        ChatResponse canonical = AnthropicResponseCodec.fromWire(message.deepCopy());

        assertThat(canonical.choices().getFirst().finishReason()).isEqualTo(expected);
        assertThat(AnthropicResponseCodec.toWire(canonical)).isEqualTo(message);
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            stop,           end_turn
            length,         max_tokens
            tool_calls,     tool_use
            content_filter, refusal
            """)
    void anOpenAiFinishReasonBecomesAnthropicsStopReason(String finishReason, String stopReason) {
        ObjectNode client = AnthropicResponseCodec.toWire(OpenAiResponseCodec.fromWire((ObjectNode) json("""
                {"id":"c","object":"chat.completion","created":1,"model":"gpt","choices":[{"index":0,
                 "message":{"role":"assistant","content":"x"},"finish_reason":"%s"}]}""".formatted(finishReason))));

        assertThat(client.get("stop_reason").stringValue()).isEqualTo(stopReason);
        assertThat(client.get("stop_sequence").isNull()).isTrue();
    }

    @Test
    void anOpenAiAnswerReadsAsAnAnthropicMessage() {
        ObjectNode client = AnthropicResponseCodec.toWire(OpenAiResponseCodec.fromWire((ObjectNode) json("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-5","choices":[{"index":0,
                  "message":{"role":"assistant","content":"Let me check.","reasoning_content":"User wants weather.",
                    "tool_calls":[
                      {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}"}},
                      {"id":"call_2","type":"function","function":{"name":"weather","arguments":"{\\"city\\":"}}]},
                  "finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":1200,"completion_tokens":40,"total_tokens":1240,
                   "prompt_tokens_details":{"cached_tokens":1000},"completion_tokens_details":{"reasoning_tokens":12}}}""")));

        assertThat(Golden.reparsed(client)).isEqualTo(json("""
                {"id":"chatcmpl-1","type":"message","role":"assistant","model":"gpt-5","content":[
                   {"type":"thinking","thinking":"User wants weather.","signature":""},
                   {"type":"text","text":"Let me check."},
                   {"type":"tool_use","id":"call_1","name":"weather","input":{"city":"Oslo"}},
                   {"type":"tool_use","id":"call_2","name":"weather","input":{}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":200,"cache_creation_input_tokens":0,"cache_read_input_tokens":1000,
                   "output_tokens":40}}"""));
    }

    @Test
    void aRefusalIsTextAndAnAnswerWithoutUsageReportsZeros() {
        ObjectNode client = AnthropicResponseCodec.toWire(OpenAiResponseCodec.fromWire((ObjectNode) json("""
                {"id":"c","object":"chat.completion","created":1,"model":"gpt","choices":[{"index":0,
                 "message":{"role":"assistant","content":null,"refusal":"I can't help with that."},
                 "finish_reason":"stop"}]}""")));

        assertThat(client.get("content")).isEqualTo(json("[{\"type\":\"text\",\"text\":\"I can't help with that.\"}]"));
        assertThat(Golden.reparsed(client.get("usage"))).isEqualTo(Json.parseUpstream("""
                {"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}"""));
    }
}
