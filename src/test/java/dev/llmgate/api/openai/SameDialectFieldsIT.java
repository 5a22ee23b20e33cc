package dev.llmgate.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.util.Comparator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI client to OpenAI-dialect upstream: the body the upstream receives is the body the client sent, every
 * field at every level (request, message, content part, tool, the objects inside them) under the client's
 * names, explicit nulls included. The only differences are the documented ones: the model without its
 * platform prefix, and a stream asking for usage.
 */
class SameDialectFieldsIT {

    /** A request using every shape a client may send, with fields the gateway does not know at each level. */
    static final String BODY = """
            {
              "model": "test/%s",
              "messages": [
                {"role": "developer", "content": "Be brief.", "x_message": {"level": "message"}},
                {"role": "user", "name": "ann", "content": [
                  {"type": "text", "text": "What is in these pictures?", "x_part": [1, 2]},
                  {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "high",
                                                     "x_image": true}},
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "low"}},
                  {"type": "text", "text": "Keep this.", "cache_control": {"type": "ephemeral", "ttl": "1h",
                                                                          "x_marker": "m"}}
                ]},
                {"role": "assistant", "content": null, "refusal": null, "x_turn": 3, "tool_calls": [
                  {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{\\"q\\":\\"cat\\"}",
                                                                    "x_function": 1}, "x_call": "c"}
                ]},
                {"role": "tool", "tool_call_id": "call_1", "content": "a cat", "x_tool_message": null},
                {"role": "assistant", "content": [
                  {"type": "thinking", "thinking": [{"type": "text", "text": "They want the animal."}]},
                  {"type": "text", "text": "A cat."}
                ]},
                {"role": "user", "content": "And the second one?"}
              ],
              "tools": [
                {"type": "function", "x_tool": "t", "cache_control": {"type": "ephemeral"},
                 "function": {"name": "lookup", "description": "Looks a thing up.", "strict": true, "x_function": 2,
                              "parameters": {"type": "object", "properties": {"q": {"type": "string"}},
                                             "required": ["q"], "additionalProperties": false}}},
                {"type": "web_search_preview", "search_context_size": "low"}
              ],
              "tool_choice": {"type": "function", "function": {"name": "lookup", "x_named": 1}, "x_choice": 2},
              "parallel_tool_calls": false,
              "response_format": {"type": "json_schema", "x_format": 3, "json_schema": {
                "name": "answer", "strict": true, "x_schema": "s",
                "schema": {"type": "object", "properties": {"animal": {"type": "string"}}}}},
              "max_completion_tokens": 300,
              "temperature": null,
              "top_p": 0.5,
              "stop": ["\\n\\n"],
              "seed": 7,
              "n": 1,
              "presence_penalty": 0,
              "frequency_penalty": 0.25,
              "user": "user-1",
              "logprobs": null,
              "metadata": {"team": "search"},
              "service_tier": "auto",
              "prediction": {"type": "content", "content": "A cat"},
              "some_new_param": {"x": [1, 2, {"deep": null}]}%s
            }""";

    static FakeUpstream fake;
    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.withFake(fake, "cache: { enabled: false }\n");
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
    void aWholeAnswerRequestReachesTheUpstreamAsTheClientSentIt() {
        String model = "replay:openai/chat-text.json";
        String sent = BODY.formatted(model, "");
        HttpResponse<String> response = gateway.post("/v1/chat/completions", sent);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        ObjectNode expected = (ObjectNode) Json.MAPPER.readTree(sent);
        expected.put("model", model);
        assertSameJson(fake.received().getFirst().body(), expected);
    }

    @Test
    void aStreamRequestReachesTheUpstreamAsSentButAskingForUsage() {
        String model = "replay:openai/stream-text-include-usage.sse";
        String sent = BODY.formatted(model, """
                ,
                  "stream": true,
                  "stream_options": {"include_usage": false, "x_stream_option": "o"}""");
        HttpResponse<String> response = gateway.post("/v1/chat/completions", sent);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        ObjectNode expected = (ObjectNode) Json.MAPPER.readTree(sent);
        expected.put("model", model);
        ((ObjectNode) expected.get("stream_options")).put("include_usage", true);
        assertSameJson(fake.received().getFirst().body(), expected);
        assertThat(response.body()).as("the client did not ask for the usage chunk").doesNotContain("\"usage\":{");
    }

    @Test
    void aLargeBodyArrivesWhole() {
        String model = "replay:openai/chat-text.json";
        String big = "lorem ipsum ".repeat(100_000); // 1.2 MB, above the 256 KB decoded on a worker
        String sent = BODY.formatted(model, ",\"x_big\":\"" + big + "\"");
        HttpResponse<String> response = gateway.post("/v1/chat/completions", sent);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        ObjectNode expected = (ObjectNode) Json.MAPPER.readTree(sent);
        expected.put("model", model);
        assertSameJson(fake.received().getFirst().body(), expected);
    }

    @Test
    void aLargeMalformedBodyIsA400ThatReachesNoUpstream() {
        String whole = BODY.formatted("replay:openai/chat-text.json", ",\"x_big\":\"" + "x".repeat(400_000) + "\"");
        String cut = whole.substring(0, whole.lastIndexOf('}')); // the closing brace missing
        HttpResponse<String> response = gateway.post("/v1/chat/completions", cut);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(response.body()).at("/error/code").asString()).isEqualTo("invalid_json");
        assertThat(fake.received()).isEmpty();
    }

    /** Equal as JSON, numbers by value ({@code 0} and {@code 0.0} are the same parameter). */
    static void assertSameJson(JsonNode actual, JsonNode expected) {
        Comparator<JsonNode> numbersByValue = (a, b) -> a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;
        assertThat(actual.equals(numbersByValue, expected))
                .as("the upstream received%n%s%nbut the client sent%n%s", Json.text(actual), Json.text(expected))
                .isTrue();
    }
}
