package dev.llmgate.provider.anthropic;

import static dev.llmgate.provider.anthropic.AnthropicRequestToWireTest.json;
import static dev.llmgate.provider.anthropic.AnthropicRequestToWireTest.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.Reasoning;
import dev.llmgate.chat.ToolChoice;
import dev.llmgate.provider.openai.OpenAiRequestCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Anthropic client's body (the future {@code POST /v1/messages}) to the canonical request: what the
 * Messages API rejects is rejected with the field named; what it accepts is kept, unknown fields included,
 * so that it reaches an Anthropic upstream unchanged.
 */
class AnthropicRequestFromWireTest {

    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"model":"m",%s}                                                        | max_tokens
            {"model":"m","max_tokens":0,%s}                                          | max_tokens
            {"model":"m","max_tokens":"10",%s}                                       | max_tokens
            {"max_tokens":10,%s}                                                     | model
            {"model":"m","max_tokens":10}                                            | messages
            {"model":"m","max_tokens":10,"messages":[]}                              | messages
            {"model":"m","max_tokens":10,"messages":[{"role":"system","content":"x"}]} | messages[0].role
            {"model":"m","max_tokens":10,"messages":[{"role":"user"}]}               | messages[0].content
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":7}]}   | messages[0].content
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"text":"x"}]}]} | messages[0].content[0].type
            {"model":"m","max_tokens":10,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f"}]}]} | messages[0].content[0].input
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result"}]}]} | messages[0].content[0].tool_use_id
            {"model":"m","max_tokens":10,"messages":[{"role":"assistant","content":[{"type":"tool_result","tool_use_id":"t"}]}]} | messages[0].content[0].type
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","data":"x"}}]}]} | messages[0].content[0].source.media_type
            {"model":"m","max_tokens":10,"system":[{"type":"image"}],%s}              | system[0].type
            {"model":"m","max_tokens":10,"stop_sequences":"END",%s}                  | stop_sequences
            {"model":"m","max_tokens":10,"stop_sequences":[1],%s}                    | stop_sequences
            {"model":"m","max_tokens":10,"tools":[{"name":"f"}],%s}                  | tools[0].input_schema
            {"model":"m","max_tokens":10,"tool_choice":{"type":"required"},%s}       | tool_choice.type
            {"model":"m","max_tokens":10,"tool_choice":{"type":"tool"},%s}           | tool_choice.name
            {"model":"m","max_tokens":2000,"thinking":{"type":"enabled"},%s}         | thinking.budget_tokens
            {"model":"m","max_tokens":2000,"thinking":{"type":"enabled","budget_tokens":512},%s}  | thinking.budget_tokens
            {"model":"m","max_tokens":2000,"thinking":{"type":"enabled","budget_tokens":2000},%s} | thinking.budget_tokens
            """)
    void whatTheMessagesApiRejectsIsRejectedNamingTheField(String body, String param) {
        assertThatThrownBy(() -> AnthropicRequestCodec.fromWire(Json.parseObject(body.formatted(MESSAGES).getBytes())))
                .isInstanceOfSatisfying(GatewayException.BadRequest.class, e -> {
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.getMessage()).contains(param);
                });
    }

    /**
     * Client tool calls close the assistant turn, where Anthropic puts them (it stops to wait for their results).
     * The body is one Anthropic accepts with thinking on (see {@link ThinkingConflictsTest} for those it refuses).
     */
    @Test
    void unknownFieldsAtEveryLevelReachAnAnthropicUpstreamUnchanged() {
        String body = """
                {"model":"claude","max_tokens":2048,"service_tier":"auto",
                 "metadata":{"user_id":"u1","trace":"t9"},
                 "system":[{"type":"text","text":"Rules","cache_control":{"type":"ephemeral","ttl":"1h"}},
                           {"type":"text","text":"More","citations":null}],
                 "messages":[
                   {"role":"user","content":[
                     {"type":"text","text":"See","cache_control":{"type":"ephemeral"}},
                     {"type":"document","source":{"type":"text","media_type":"text/plain","data":"doc"}},
                     {"type":"image","source":{"type":"file","file_id":"file_1"}}]},
                   {"role":"assistant","content":[
                     {"type":"thinking","thinking":"Search first.","signature":"sig-1"},
                     {"type":"text","text":"Calling","citations":[{"type":"char_location","cited_text":"doc"}]},
                     {"type":"server_tool_use","id":"s1","name":"web_search","input":{"query":"q"}},
                     {"type":"tool_use","id":"t1","name":"f","input":{"a":[1,2.5,{"b":null}]},"cache_control":{"type":"ephemeral"}}]},
                   {"role":"user","content":[
                     {"type":"tool_result","tool_use_id":"t1","is_error":true,"cache_control":{"type":"ephemeral"},
                      "content":[{"type":"text","text":"bad"},{"type":"image","source":{"type":"url","url":"https://x/y.png"}}]},
                     {"type":"text","text":"between"},
                     {"type":"tool_result","tool_use_id":"t2","content":"ok"}],
                    "x_turn":"kept"}],
                 "tools":[{"type":"custom","name":"f","input_schema":{"type":"object"},"strict":true,"input_examples":[{}]},
                          {"type":"web_search_20250305","name":"web_search","max_uses":3}],
                 "tool_choice":{"type":"auto","disable_parallel_tool_use":true},
                 "thinking":{"type":"enabled","budget_tokens":1024,"display":"summarized"},
                 "output_config":{"effort":"low","format":{"type":"json_schema","schema":{"type":"object"}}},
                 "top_p":0.97,"stop_sequences":["END"],"stream":true}""";
        ObjectNode original = Json.parseObject(body.getBytes());

        ChatRequest canonical = AnthropicRequestCodec.fromWire(original.deepCopy());
        ObjectNode wire = AnthropicRequestCodec.toWire(upstream().withModel("claude"), canonical);

        assertThat(wire).isEqualTo(original);
        assertThat(canonical.messages()).extracting(m -> m.getClass().getSimpleName()).containsExactly(
                "System", "User", "Assistant", "Tool", "User", "Tool");
        assertThat(canonical.messages().get(4).extras().fields().get("x_turn").stringValue()).isEqualTo("kept");
        assertThat(canonical.tooling().choice()).isEqualTo(ToolChoice.Mode.AUTO);
        assertThat(AnthropicRequestCodec.fromWire(Json.parseObject(body.replace("\"type\":\"auto\",",
                "\"type\":\"tool\",\"name\":\"f\",").getBytes())).tooling().choice())
                .isEqualTo(new ToolChoice.Named("f"));
        assertThat(canonical.tooling().parallelCalls()).isFalse();
        assertThat(canonical.reasoning()).isEqualTo(new Reasoning(null, 1024, false));
        assertThat(canonical.user()).isEqualTo("u1");
        assertThat(((Message.Tool) canonical.messages().get(3)).isError()).isTrue();
        assertThat(((Message.Assistant) canonical.messages().get(2)).toolCalls().getFirst().arguments())
                .isEqualTo("{\"a\":[1,2.5,{\"b\":null}]}");
    }

    @Test
    void aBase64ImageIsADataUriOtherDialectsUnderstand() {
        ChatRequest canonical = AnthropicRequestCodec.fromWire(Json.parseObject("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[
                  {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}}]}]}"""
                .getBytes()));

        assertThat(canonical.messages().getFirst().parts()).singleElement()
                .isInstanceOfSatisfying(Part.Image.class, i -> assertThat(i.url()).isEqualTo("data:image/jpeg;base64,/9j/4AAQ"));
    }

    @Test
    void thinkingFormsWithoutABudgetAreKeptForAnthropicOnly() {
        ChatRequest adaptive = AnthropicRequestCodec.fromWire(Json.parseObject("""
                {"model":"m","max_tokens":10,"thinking":{"type":"adaptive"},%s}""".formatted(MESSAGES).getBytes()));

        assertThat(adaptive.reasoning()).isNull();
        assertThat(AnthropicRequestCodec.toWire(upstream(), adaptive).get("thinking"))
                .isEqualTo(json("{\"type\":\"adaptive\"}"));
    }

    @Test
    void anAnthropicClientsRequestReachesAnOpenAiUpstreamWithItsMeaning() {
        ChatRequest canonical = AnthropicRequestCodec.fromWire(Json.parseObject("""
                {"model":"m","max_tokens":300,"system":"Be brief.","stop_sequences":["END"],"temperature":0.2,
                 "metadata":{"user_id":"u1"},"service_tier":"auto",
                 "tools":[{"name":"f","description":"Finds","input_schema":{"type":"object"}}],
                 "tool_choice":{"type":"any"},
                 "messages":[{"role":"user","content":"hi"},
                   {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{"q":1}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"found"},
                                             {"type":"text","text":"and?"}]}]}""".getBytes()));

        ObjectNode openAi = OpenAiRequestCodec.toWire(upstream().withModel("gpt"), canonical);

        assertThat(openAi).isEqualTo(json("""
                {"model":"gpt","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"t1","type":"function","function":{"name":"f","arguments":"{\\"q\\":1}"}}]},
                  {"role":"tool","tool_call_id":"t1","content":"found"},{"role":"user","content":"and?"}],
                 "tools":[{"type":"function","function":{"name":"f","description":"Finds","parameters":{"type":"object"}}}],
                 "tool_choice":"required","temperature":0.2,"max_tokens":300,"stop":["END"],"user":"u1"}"""));
    }
    @Test
    void aCountTokensBodyTakesThinkingWithoutMaxTokens() {
        ChatRequest counted = AnthropicRequestCodec.countTokensFromWire(Json.parseObject("""
                {"model":"m","thinking":{"type":"enabled","budget_tokens":2048},%s}""".formatted(MESSAGES).getBytes()));

        assertThat(counted.reasoning()).isEqualTo(new Reasoning(null, 2048, false));
        ObjectNode wire = Json.parseObject(new AnthropicDialect().countTokensToWire(upstream(), counted).body());
        assertThat(wire.get("thinking")).isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":2048}"));
        assertThat(wire.has("max_tokens")).isFalse();
        assertThatThrownBy(() -> AnthropicRequestCodec.countTokensFromWire(Json.parseObject("""
                {"model":"m","thinking":{"type":"enabled","budget_tokens":100},%s}""".formatted(MESSAGES).getBytes())))
                .isInstanceOfSatisfying(GatewayException.BadRequest.class,
                        e -> assertThat(e.param()).isEqualTo("thinking.budget_tokens"));
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            16000, 1024,  low
            16000, 8000,  medium
            4000,  3000,  high
            """)
    void anAnthropicClientsThinkingBudgetReachesOpenAiAsAnEffort(int maxTokens, int budget, String effort) {
        ChatRequest canonical = AnthropicRequestCodec.fromWire(Json.parseObject("""
                {"model":"m","max_tokens":%d,"thinking":{"type":"enabled","budget_tokens":%d},%s}"""
                .formatted(maxTokens, budget, MESSAGES).getBytes()));

        ObjectNode openAi = OpenAiRequestCodec.toWire(upstream().withModel("o4-mini"), canonical);

        assertThat(openAi.path("reasoning_effort").asString()).isEqualTo(effort);
        assertThat(openAi.path("max_tokens").asInt()).isEqualTo(maxTokens);
    }
}
