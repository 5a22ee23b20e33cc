package dev.llmgate.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.DialectHeaders;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.GatewayOptions;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.Sampling;
import dev.llmgate.chat.Streaming;
import dev.llmgate.chat.Tooling;
import dev.llmgate.provider.ParamRules;
import dev.llmgate.provider.Upstream;
import dev.llmgate.provider.WireRequest;
import dev.llmgate.provider.openai.OpenAiRequestCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Canonical requests (mostly decoded from an OpenAI client's body) as the body an Anthropic upstream gets. */
class AnthropicRequestToWireTest {

    private static final String TOOL = """
            {"type":"function","function":{"name":"weather","parameters":{"type":"object"}}}""";

    @Test
    void consecutiveToolResultsAndTheNextUserTextBecomeOneUserTurn() {
        ObjectNode wire = fromOpenAi("""
                {"model":"m","messages":[
                  {"role":"user","content":"Weather in Paris and Rome?"},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"a","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                    {"id":"b","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
                  {"role":"tool","tool_call_id":"a","content":"sunny"},
                  {"role":"tool","tool_call_id":"b","content":[{"type":"text","text":"rain"}]},
                  {"role":"user","content":"Thanks!"}],
                 "tools":[%s]}""".formatted(TOOL));

        assertThat(wire.get("messages")).isEqualTo(json("""
                [{"role":"user","content":"Weather in Paris and Rome?"},
                 {"role":"assistant","content":[
                   {"type":"tool_use","id":"a","name":"weather","input":{"city":"Paris"}},
                   {"type":"tool_use","id":"b","name":"weather","input":{"city":"Rome"}}]},
                 {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"a","content":"sunny"},
                   {"type":"tool_result","tool_use_id":"b","content":"rain"},
                   {"type":"text","text":"Thanks!"}]}]"""));
    }

    @Test
    void aFailedToolResultIsMarkedAsAnError() {
        ChatRequest request = request(List.of(user("go"),
                new Message.Assistant(List.of(), List.of(new dev.llmgate.chat.ToolCall("a", "run", "", Extras.NONE)),
                        null, Extras.NONE),
                new Message.Tool("a", List.of(Part.Text.of("boom")), true, Extras.NONE)));

        JsonNode turns = AnthropicRequestCodec.toWire(upstream(), request).get("messages");

        assertThat(turns.get(1).get("content").get(0).get("input")).as("no arguments is an empty object")
                .isEqualTo(Json.object());
        assertThat(turns.get(2).get("content")).isEqualTo(json("""
                [{"type":"tool_result","tool_use_id":"a","content":"boom","is_error":true}]"""));
    }

    @Test
    void imagesBecomeBase64OrUrlSources() {
        ObjectNode wire = fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"text","text":"Compare"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}""");

        assertThat(wire.get("messages").get(0).get("content")).isEqualTo(json("""
                [{"type":"text","text":"Compare"},
                 {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                 {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]"""));
    }

    @Test
    void aDataUriThatIsNotBase64IsRejected() {
        assertThatThrownBy(() -> fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"data:image/svg+xml,%3Csvg%3E"}}]}]}"""))
                .isInstanceOfSatisfying(GatewayException.BadRequest.class,
                        e -> assertThat(e.getMessage()).contains("base64"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "auto"                                              | | {"type":"auto"}
            "none"                                              | | {"type":"none"}
            "required"                                          | | {"type":"any"}
            {"type":"function","function":{"name":"weather"}}   | | {"type":"tool","name":"weather"}
            "auto"                                              | false | {"type":"auto","disable_parallel_tool_use":true}
            "required"                                          | true  | {"type":"any","disable_parallel_tool_use":false}
            null                                                | false | {"type":"auto","disable_parallel_tool_use":true}
            null                                                | | null
            """)
    void toolChoiceAndParallelCallsMap(String choice, String parallel, String expected) {
        ObjectNode wire = fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[%s],"tool_choice":%s%s}"""
                .formatted(TOOL, choice, parallel == null ? "" : ",\"parallel_tool_calls\":" + parallel));

        assertThat(wire.path("tool_choice")).isEqualTo(expected.equals("null") ? wire.missingNode() : json(expected));
    }

    @Test
    void withoutToolsNoToolChoiceIsSent() {
        ObjectNode wire = fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"tool_choice":"none"}""");

        assertThat(wire.has("tools")).isFalse();
        assertThat(wire.has("tool_choice")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            low,    ,     4096,  1024,  4096
            medium, ,     4096,  2048,  4096
            high,   ,     4096,  3276,  4096
            high,   20000, 4096, 16000, 20000
            high,   ,     64000, 32000, 64000
            low,    500,  4096,  1024,  1524
            """)
    void reasoningEffortBecomesAThinkingBudgetInsideMaxTokens(String effort, Integer maxTokens, int defaultMax,
                                                              int budget, int expectedMax) {
        String limit = maxTokens == null ? "" : ",\"max_tokens\":" + maxTokens;
        ChatRequest request = OpenAiRequestCodec.fromWire(Json.parseObject("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"%s"%s}"""
                .formatted(effort, limit).getBytes()));

        ObjectNode wire = AnthropicRequestCodec.toWire(upstream(), request, defaultMax);

        assertThat(wire.get("thinking")).isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":" + budget + "}"));
        assertThat(wire.get("max_tokens").asInt()).isEqualTo(expectedMax).isGreaterThan(budget);
    }

    @Test
    void anExplicitBudgetIsKeptAndMaxTokensMadeRoomForIt() {
        ObjectNode wire = fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":1000,
                 "reasoning":{"max_tokens":8000}}""");

        assertThat(wire.get("thinking").get("budget_tokens").asInt()).isEqualTo(8000);
        assertThat(wire.get("max_tokens").asInt()).isEqualTo(9000);
    }

    @Test
    void effortNoneLeavesThinkingOffAndAnUnknownEffortIsRejected() {
        assertThat(fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"none"}""")
                .has("thinking")).isFalse();
        assertThatThrownBy(() -> fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"extreme"}"""))
                .isInstanceOfSatisfying(GatewayException.BadRequest.class,
                        e -> assertThat(e.param()).isEqualTo("reasoning_effort"));
    }

    @Test
    void signedReasoningGoesBackByteForByteAndUnsignedReasoningIsLeftOut() {
        ObjectNode wire = fromOpenAi("""
                {"model":"m","messages":[
                  {"role":"user","content":"hi"},
                  {"role":"assistant","content":"Hello","reasoning_details":[
                    {"type":"reasoning.text","text":"Greet.","signature":"EqQBCkgIAhABGAIi+/=="},
                    {"type":"reasoning.encrypted","data":"EmwKAhgBEgy3va"}]},
                  {"role":"user","content":"again"},
                  {"role":"assistant","content":"Hi","reasoning_content":"unsigned thoughts"},
                  {"role":"user","content":"bye"}]}""");

        assertThat(wire.get("messages").get(1).get("content")).isEqualTo(json("""
                [{"type":"thinking","thinking":"Greet.","signature":"EqQBCkgIAhABGAIi+/=="},
                 {"type":"redacted_thinking","data":"EmwKAhgBEgy3va"},
                 {"type":"text","text":"Hello"}]"""));
        assertThat(wire.get("messages").get(3).get("content")).isEqualTo(json("\"Hi\""));
    }

    @Test
    void systemMessagesBecomeTheTopLevelSystemKeepingCacheMarkers() {
        ObjectNode plain = fromOpenAi("""
                {"model":"m","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}]}""");
        ObjectNode marked = fromOpenAi("""
                {"model":"m","messages":[
                  {"role":"system","content":[{"type":"text","text":"Long rules","cache_control":{"type":"ephemeral"}}]},
                  {"role":"developer","content":"Be brief."},
                  {"role":"user","content":"hi"}]}""");

        assertThat(plain.get("system")).isEqualTo(json("\"Be brief.\""));
        assertThat(marked.get("system")).isEqualTo(json("""
                [{"type":"text","text":"Long rules","cache_control":{"type":"ephemeral"}},
                 {"type":"text","text":"Be brief."}]"""));
        assertThat(marked.get("messages")).hasSize(1);
    }

    @Test
    void samplingStopAndUserMapAndWhatAnthropicLacksIsNotSent() {
        ObjectNode wire = fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":0.3,"top_p":0.9,
                 "stop":"END","user":"u-42","seed":7,"presence_penalty":0.5,"logprobs":true}""");

        assertThat(wire).isEqualTo(json("""
                {"model":"claude","max_tokens":4096,"messages":[{"role":"user","content":"hi"}],
                 "temperature":0.3,"top_p":0.9,"stop_sequences":["END"],"metadata":{"user_id":"u-42"}}"""));
    }

    @Test
    void severalChoicesCannotBeServed() {
        assertThatThrownBy(() -> fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"n":2}"""))
                .isInstanceOfSatisfying(GatewayException.BadRequest.class, e -> assertThat(e.param()).isEqualTo("n"));
    }

    @Test
    void aJsonSchemaResponseFormatBecomesTheOutputFormat() {
        ObjectNode schema = fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema",
                 "json_schema":{"name":"answer","strict":true,"schema":{"type":"object","properties":{}}}}}""");
        ObjectNode jsonMode = fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_object"}}""");

        assertThat(schema.get("output_config")).isEqualTo(json("""
                {"format":{"type":"json_schema","schema":{"type":"object","properties":{}}}}"""));
        assertThat(jsonMode.has("output_config")).isFalse();
    }

    @Test
    void toolsGetASchemaEvenWithoutParametersAndKeepCacheMarkers() {
        ObjectNode wire = fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[
                  {"type":"function","function":{"name":"now","strict":true},"cache_control":{"type":"ephemeral","ttl":"1h"}}]}""");

        assertThat(wire.get("tools")).isEqualTo(json("""
                [{"name":"now","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral","ttl":"1h"}}]"""));
    }

    @Test
    void argumentsThatAreNotAnObjectAreRejected() {
        assertThatThrownBy(() -> fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":"hi"},
                  {"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"[1"}}]},
                  {"role":"tool","tool_call_id":"a","content":"x"}]}"""))
                .isInstanceOfSatisfying(GatewayException.BadRequest.class,
                        e -> assertThat(e.getMessage()).contains("'a'").contains("[1"));
    }

    @Test
    void theUpstreamsParameterRulesApply() {
        ChatRequest request = OpenAiRequestCodec.fromWire(Json.parseObject("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":0.3,"top_p":0.9}""".getBytes()));
        Upstream upstream = upstream().withRules(new ParamRules(Map.of(), List.of("top_p"), List.of()));

        ObjectNode wire = AnthropicRequestCodec.toWire(upstream, request);

        assertThat(wire.has("top_p")).isFalse();
        assertThat(wire.get("temperature").asDouble()).isEqualTo(0.3);
    }

    @Test
    void theDialectSendsToV1MessagesWithTheKeyVersionAndCallersDefaultLimit() {
        AnthropicDialect dialect = new AnthropicDialect(upstream -> 64_000);
        ChatRequest request = request(List.of(user("hi")));

        WireRequest wire = dialect.toWire(upstream(), request);
        WireRequest keyless = dialect.toWire(new Upstream("local", AnthropicDialect.ID,
                new Upstream.Endpoint("http://localhost", null, Map.of()), ParamRules.NONE, "claude"), request);

        assertThat(wire.path()).isEqualTo("/v1/messages");
        assertThat(wire.headers()).containsEntry("x-api-key", "sk-test").containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("content-type", "application/json").doesNotContainKey("authorization");
        assertThat(Json.parseObject(wire.body()).get("max_tokens").asInt()).isEqualTo(64_000);
        assertThat(keyless.headers()).doesNotContainKey("x-api-key");
    }

    @Test
    void anAnthropicClientsVersionAndBetasGoToAnthropicOnly() {
        AnthropicDialect dialect = new AnthropicDialect();
        Map<String, String> sent = Map.of("anthropic-version", "2023-01-01", "anthropic-beta", "context-1m-2025-08-07");
        ChatRequest fromAnthropicClient = request(List.of(user("hi")))
                .withHeaders(DialectHeaders.of(AnthropicDialect.ID, sent));
        ChatRequest fromElsewhere = request(List.of(user("hi"))).withHeaders(DialectHeaders.of("openai", sent));

        assertThat(dialect.toWire(upstream(), fromAnthropicClient).headers()).containsAllEntriesOf(sent)
                .containsEntry("x-api-key", "sk-test");
        assertThat(dialect.countTokensToWire(upstream(), fromAnthropicClient).headers()).containsAllEntriesOf(sent);
        assertThat(dialect.toWire(upstream(), fromElsewhere).headers())
                .containsEntry("anthropic-version", AnthropicDialect.VERSION).doesNotContainKey("anthropic-beta");
    }

    static ObjectNode fromOpenAi(String body) {
        return AnthropicRequestCodec.toWire(upstream(), OpenAiRequestCodec.fromWire(Json.parseObject(body.getBytes())));
    }

    static Message user(String text) {
        return new Message.User(List.of(Part.Text.of(text)), Extras.NONE);
    }

    static ChatRequest request(List<Message> messages) {
        return new ChatRequest("m", messages, Tooling.NONE, Sampling.NONE, null, null, Streaming.OFF, null,
                GatewayOptions.NONE, Extras.NONE);
    }

    static Upstream upstream() {
        return new Upstream("anthropic", AnthropicDialect.ID,
                new Upstream.Endpoint("https://api.anthropic.com", "sk-test", Map.of()), ParamRules.NONE, "claude");
    }

    static JsonNode json(String text) {
        return Json.MAPPER.readTree(text);
    }
}
