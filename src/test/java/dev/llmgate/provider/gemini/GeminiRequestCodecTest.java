package dev.llmgate.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.GatewayOptions;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.Sampling;
import dev.llmgate.chat.Streaming;
import dev.llmgate.chat.ToolCall;
import dev.llmgate.chat.Tooling;
import dev.llmgate.provider.openai.OpenAiRequestCodec;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Canonical requests (written as an OpenAI client sends them) to Gemini bodies. */
class GeminiRequestCodecTest {

    private static ObjectNode toWire(String openAi) {
        return toWire(openAi, "gemini-2.5-flash");
    }

    private static ObjectNode toWire(String openAi, String model) {
        return GeminiRequestCodec.toWire(OpenAiRequestCodec.fromWire(Json.parseObject(openAi.getBytes())), model);
    }

    private static JsonNode json(String text) {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void toolResultsTakeTheNameOfTheNearestEarlierCallWithTheirIdAndShareOneTurn() {
        ObjectNode wire = toWire("""
                {"model": "m", "messages": [
                  {"role": "system", "content": "Be brief."},
                  {"role": "user", "content": "Weather in Paris and Rome?"},
                  {"role": "assistant", "content": null, "tool_calls": [
                    {"id": "c1", "type": "function", "function": {"name": "weather", "arguments": "{\\"city\\":\\"Paris\\"}"}},
                    {"id": "c2", "type": "function", "function": {"name": "weather", "arguments": "{\\"city\\":\\"Rome\\"}"}}]},
                  {"role": "tool", "tool_call_id": "c1", "content": "{\\"temp\\": 21}"},
                  {"role": "tool", "tool_call_id": "c2", "content": "sunny"},
                  {"role": "assistant", "content": "Checking the time too.", "tool_calls": [
                    {"id": "c1", "type": "function", "function": {"name": "clock", "arguments": ""}}]},
                  {"role": "tool", "tool_call_id": "c1", "content": "noon"},
                  {"role": "user", "content": "Thanks"}]}
                """);

        assertThat(wire.path("systemInstruction")).isEqualTo(json("{\"parts\": [{\"text\": \"Be brief.\"}]}"));
        assertThat(wire.path("contents")).isEqualTo(json("""
                [{"role": "user", "parts": [{"text": "Weather in Paris and Rome?"}]},
                 {"role": "model", "parts": [
                   {"functionCall": {"name": "weather", "args": {"city": "Paris"}}},
                   {"functionCall": {"name": "weather", "args": {"city": "Rome"}}}]},
                 {"role": "user", "parts": [
                   {"functionResponse": {"name": "weather", "response": {"output": {"temp": 21}}}},
                   {"functionResponse": {"name": "weather", "response": {"output": "sunny"}}}]},
                 {"role": "model", "parts": [
                   {"text": "Checking the time too."},
                   {"functionCall": {"name": "clock", "args": {}}}]},
                 {"role": "user", "parts": [
                   {"functionResponse": {"name": "clock", "response": {"output": "noon"}}},
                   {"text": "Thanks"}]}]
                """));
    }

    @Test
    void aResultForACallNoOneMadeIsRejectedBeforeReachingGemini() {
        assertThatThrownBy(() -> toWire("""
                {"model": "m", "messages": [{"role": "user", "content": "hi"},
                  {"role": "tool", "tool_call_id": "ghost", "content": "x"}]}
                """)).isInstanceOf(GatewayException.BadRequest.class)
                .hasMessageContaining("ghost").extracting(e -> ((GatewayException) e).param())
                .isEqualTo("messages[1].tool_call_id");
    }

    @Test
    void argumentsThatAreNotAnObjectAreRejected() {
        assertThatThrownBy(() -> toWire("""
                {"model": "m", "messages": [{"role": "user", "content": "hi"},
                  {"role": "assistant", "tool_calls": [
                    {"id": "c", "type": "function", "function": {"name": "f", "arguments": "[1]"}}]}]}
                """)).isInstanceOf(GatewayException.BadRequest.class)
                .extracting(e -> ((GatewayException) e).param())
                .isEqualTo("messages[1].tool_calls[0].function.arguments");
    }

    @Test
    void aFailedToolAnswersWithAnError() {
        ChatRequest request = new ChatRequest("m", List.of(
                new Message.User(List.of(Part.Text.of("go")), Extras.NONE),
                new Message.Assistant(List.of(), List.of(new ToolCall("c", "f", "{}", Extras.NONE)), null, Extras.NONE),
                new Message.Tool("c", List.of(Part.Text.of("disk full")), true, Extras.NONE)),
                Tooling.NONE, Sampling.NONE, null, null,
                Streaming.OFF, null, GatewayOptions.NONE, Extras.NONE);
        JsonNode response = GeminiRequestCodec.toWire(request, "gemini-2.5-flash").path("contents").get(2)
                .path("parts").get(0).path("functionResponse").path("response");
        assertThat(response).isEqualTo(json("{\"error\": \"disk full\"}"));
    }

    @Test
    void imagesBecomeInlineDataOrFileDataWithAMediaType() {
        ObjectNode wire = toWire("""
                {"model": "m", "messages": [{"role": "user", "content": [
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
                  {"type": "image_url", "image_url": {"url": "https://example.com/a/photo.WEBP?size=2"}},
                  {"type": "image_url", "image_url": {"url": "https://example.com/render", "detail": "high"}},
                  {"type": "image_url", "image_url": {"url": "data:text/plain,a%20b+c"}}]}]}
                """);
        assertThat(wire.path("contents").get(0).path("parts")).isEqualTo(json("""
                [{"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}},
                 {"fileData": {"mimeType": "image/webp", "fileUri": "https://example.com/a/photo.WEBP?size=2"}},
                 {"fileData": {"mimeType": "image/jpeg", "fileUri": "https://example.com/render"}},
                 {"inlineData": {"mimeType": "text/plain", "data": "YSBiK2M="}}]
                """));
        assertThatThrownBy(() -> toWire("""
                {"model": "m", "messages": [{"role": "user", "content": [
                  {"type": "image_url", "image_url": {"url": "data:;base64,AAAA"}}]}]}
                """)).isInstanceOf(GatewayException.BadRequest.class).hasMessageContaining("media type");
    }

    @Test
    void reasoningSignaturesGoBackOnThePartGeminiSigned() {
        ChatRequest request = new ChatRequest("m", List.of(
                new Message.User(List.of(Part.Text.of("q")), Extras.NONE),
                new Message.Assistant(List.of(new Part.Thinking("thoughts", "SIG1", Extras.NONE),
                        Part.Text.of("answer")), List.of(), null, Extras.NONE),
                new Message.User(List.of(Part.Text.of("q2")), Extras.NONE),
                new Message.Assistant(List.of(new Part.Thinking("more", "SIG2", Extras.NONE),
                        new Part.RedactedThinking("opaque", Extras.NONE)),
                        List.of(new ToolCall(GeminiToolCallIds.id("r", 0, "f", "CALLSIG"), "f", "{}", Extras.NONE),
                                new ToolCall("call_other", "g", "{}", Extras.NONE)), null, Extras.NONE),
                new Message.Assistant(List.of(new Part.Thinking("", "SIG3", Extras.NONE)), List.of(), null,
                        Extras.NONE)),
                Tooling.NONE, Sampling.NONE, null, null,
                Streaming.OFF, null, GatewayOptions.NONE, Extras.NONE);

        JsonNode contents = GeminiRequestCodec.toWire(request, "gemini-2.5-flash").path("contents");

        assertThat(contents.get(1).path("parts")).isEqualTo(json("""
                [{"text": "thoughts", "thought": true}, {"text": "answer", "thoughtSignature": "SIG1"}]
                """));
        // the call keeps its own signature, so the reasoning keeps its; the consecutive turns merge
        assertThat(contents.get(3).path("parts")).isEqualTo(json("""
                [{"text": "more", "thought": true, "thoughtSignature": "SIG2"},
                 {"functionCall": {"name": "f", "args": {}}, "thoughtSignature": "CALLSIG"},
                 {"functionCall": {"name": "g", "args": {}}},
                 {"text": "", "thought": true, "thoughtSignature": "SIG3"}]
                """));
    }

    @Test
    void systemMessagesTakeTextOnlyAndSomeTurnIsRequired() {
        assertThatThrownBy(() -> toWire("""
                {"model": "m", "messages": [{"role": "system", "content": [
                  {"type": "image_url", "image_url": {"url": "https://x/y.png"}}]}, {"role": "user", "content": "hi"}]}
                """)).isInstanceOf(GatewayException.BadRequest.class).hasMessageContaining("system");
        assertThatThrownBy(() -> toWire("{\"model\": \"m\", \"messages\": [{\"role\": \"system\", \"content\": \"s\"}]}"))
                .isInstanceOf(GatewayException.BadRequest.class).hasMessageContaining("at least one");
    }

    @Test
    void toolChoiceAndToolsTranslate() {
        String tools = """
                "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object",
                  "properties": {"x": {"type": "integer", "exclusiveMinimum": 0}}}}},
                  {"type": "function", "function": {"name": "g"}}]""";
        ObjectNode named = toWire("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}],"
                + tools + ", \"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"g\"}}}");
        assertThat(named.path("tools")).isEqualTo(json("""
                [{"functionDeclarations": [
                  {"name": "f", "parameters": {"type": "OBJECT", "properties": {"x": {"type": "INTEGER"}}}},
                  {"name": "g"}]}]
                """));
        assertThat(named.path("toolConfig")).isEqualTo(json("""
                {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["g"]}}
                """));
        for (String[] mode : new String[][] {{"auto", "AUTO"}, {"none", "NONE"}, {"required", "ANY"}}) {
            ObjectNode wire = toWire("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}],"
                    + tools + ", \"tool_choice\": \"" + mode[0] + "\"}");
            assertThat(wire.path("toolConfig").path("functionCallingConfig").path("mode").asString())
                    .isEqualTo(mode[1]);
        }
        assertThatThrownBy(() -> toWire("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}],"
                + tools + ", \"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"h\"}}}"))
                .isInstanceOf(GatewayException.BadRequest.class).hasMessageContaining("'h'");
    }

    @Test
    void generationConfigCarriesSamplingFormatAndReasoning() {
        ObjectNode wire = toWire("""
                {"model": "m", "messages": [{"role": "user", "content": "hi"}], "temperature": 0.5, "top_p": 0.9,
                 "top_k": 40, "max_completion_tokens": 100, "stop": "END", "seed": 7, "n": 2,
                 "presence_penalty": 0.1, "frequency_penalty": 0.2, "reasoning_effort": "medium",
                 "response_format": {"type": "json_schema", "json_schema": {"name": "r", "strict": true,
                   "schema": {"type": "object", "properties": {"a": {"const": "x"}}, "additionalProperties": false}}}}
                """);
        assertThat(wire.path("generationConfig")).isEqualTo(json("""
                {"temperature": 0.5, "topP": 0.9, "topK": 40, "maxOutputTokens": 100, "stopSequences": ["END"],
                 "seed": 7, "candidateCount": 2, "presencePenalty": 0.1, "frequencyPenalty": 0.2,
                 "responseMimeType": "application/json",
                 "responseSchema": {"type": "OBJECT", "properties": {"a": {"type": "STRING", "enum": ["x"]}}},
                 "thinkingConfig": {"thinkingBudget": 8192, "includeThoughts": true}}
                """));
    }

    @Test
    void reasoningMapsToAThinkingBudget() {
        String base = "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], ";
        assertThat(toWire(base + "\"reasoning\": {\"max_tokens\": 2000, \"exclude\": true}}")
                .path("generationConfig").path("thinkingConfig")).isEqualTo(json("{\"thinkingBudget\": 2000}"));
        assertThat(toWire(base + "\"reasoning_effort\": \"none\"}").path("generationConfig").path("thinkingConfig"))
                .isEqualTo(json("{\"thinkingBudget\": 0}"));
        assertThat(toWire(base + "\"response_format\": {\"type\": \"json_object\"}}").path("generationConfig"))
                .isEqualTo(json("{\"responseMimeType\": \"application/json\"}"));
        assertThatThrownBy(() -> toWire(base + "\"reasoning_effort\": \"extreme\"}"))
                .isInstanceOf(GatewayException.BadRequest.class).hasMessageContaining("extreme");
        assertThatThrownBy(() -> toWire(base + "\"seed\": 8589934592}"))
                .isInstanceOf(GatewayException.BadRequest.class).hasMessageContaining("32 bits");
    }

    @Test
    void gemini3AndLaterGetAThinkingLevelInsteadOfABudget() {
        String base = "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], ";
        String[][] cases = {
            {"\"reasoning_effort\": \"medium\"}", "{\"thinkingLevel\": \"medium\", \"includeThoughts\": true}"},
            {"\"reasoning_effort\": \"minimal\"}", "{\"thinkingLevel\": \"low\", \"includeThoughts\": true}"},
            {"\"reasoning_effort\": \"none\"}", "{\"thinkingLevel\": \"low\"}"},
            {"\"reasoning\": {\"max_tokens\": 4000}}", "{\"thinkingLevel\": \"medium\", \"includeThoughts\": true}"},
            {"\"reasoning\": {\"max_tokens\": 30000, \"exclude\": true}}", "{\"thinkingLevel\": \"high\"}"},
        };
        for (String model : new String[] {"gemini-3-pro-preview", "models/gemini-4-argon", "gemini-3.8-flash"}) {
            for (String[] example : cases) {
                assertThat(toWire(base + example[0], model).path("generationConfig").path("thinkingConfig"))
                        .as("%s with %s", model, example[0]).isEqualTo(json(example[1]));
            }
        }
        assertThat(GeminiGenerationConfig.takesLevels("gemini-2.5-pro")).isFalse();
        assertThat(GeminiGenerationConfig.takesLevels("gemini-flash-latest")).isFalse();
        assertThat(GeminiGenerationConfig.takesLevels("tunedModels/gemini-10-x")).isTrue();
    }

    @Test
    void pathsAndHeaders() {
        assertThat(GeminiDialect.path("gemini-2.5-flash", false))
                .isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(GeminiDialect.path("tunedModels/mine", true))
                .isEqualTo("/v1beta/tunedModels/mine:streamGenerateContent?alt=sse");
        var wire = new GeminiDialect().toWire(GeminiFixturesTest.upstream("gemini-2.5-flash"),
                OpenAiRequestCodec.fromWire(Json.parseObject(
                        "{\"model\": \"x\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"
                                .getBytes())));
        assertThat(wire.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(wire.headers()).containsEntry("x-goog-api-key", "test-key")
                .containsEntry("accept", "text/event-stream").doesNotContainKey("authorization");
    }
}
