package dev.llmgate.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.ToolCall;
import dev.llmgate.provider.openai.OpenAiRequestCodec;
import dev.llmgate.provider.openai.OpenAiResponseCodec;
import dev.llmgate.testing.Fixtures;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class GeminiToolCallIdsTest {

    private static final String ID_PATTERN = "^[a-zA-Z0-9_-]+$";

    @Test
    void aBase64SignatureComesBackByteExactInAnIdOfTheSameSize() {
        byte[] raw = new byte[300];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i * 37);
        }
        String signature = Base64.getEncoder().encodeToString(raw);
        assertThat(signature).contains("+").contains("/");

        String id = GeminiToolCallIds.id("resp-1", 0, "f", signature);

        assertThat(id).matches(ID_PATTERN);
        assertThat(GeminiToolCallIds.signatureOf(id)).isEqualTo(signature);
        assertThat(id.length()).isLessThanOrEqualTo(signature.length() + 24);
    }

    @Test
    void anyOtherSignatureComesBackByteExactToo() {
        for (String signature : new String[] {"not base64 at all ✓", "YWJj", "YWJjZA", "YWJjZA==", "=", ""}) {
            String id = GeminiToolCallIds.id("resp-1", 3, "f", signature);
            assertThat(id).as(signature).matches(ID_PATTERN);
            assertThat(GeminiToolCallIds.signatureOf(id)).as(signature).isEqualTo(signature);
        }
    }

    @Test
    void idsAreStablePerResponseAndPositionAndDifferAcrossThem() {
        assertThat(GeminiToolCallIds.id("r", 0, "f", null)).isEqualTo(GeminiToolCallIds.id("r", 0, "f", null));
        assertThat(GeminiToolCallIds.id("r", 0, "f", null)).isNotEqualTo(GeminiToolCallIds.id("r", 1, "f", null))
                .isNotEqualTo(GeminiToolCallIds.id("s", 0, "f", null));
        // without a response id, calls that differ in name or signature still get different ids
        assertThat(GeminiToolCallIds.id("", 0, "f", null)).isNotEqualTo(GeminiToolCallIds.id("", 0, "g", null))
                .isNotEqualTo(GeminiToolCallIds.id("", 0, "f", "c2ln"));
        assertThat(GeminiToolCallIds.signatureOf(GeminiToolCallIds.id("r", 0, "f", null))).isNull();
    }

    @Test
    void idsFromOtherProvidersCarryNoSignature() {
        for (String foreign : new String[] {"call_abc123", "toolu_01A09q90qw90lq917835lq9", "gem_short_0_bAAAA",
                "gem_0123456789ab_x_bAAAA", "gem_0123456789ab_0_x!", null}) {
            assertThat(GeminiToolCallIds.signatureOf(foreign)).as(foreign).isNull();
        }
    }

    /**
     * The whole trip an OpenAI SDK client makes: Gemini signs a function call, the client gets only an id,
     * sends the call and its result back, and Gemini gets the signature on the call and the name on the result.
     */
    @Test
    void theSignatureOfAStreamedCallReachesGeminiOnTheNextTurn() {
        byte[] sse = Fixtures.bytes("gemini/stream-function-call-thought-signature.sse");
        String recorded = Json.parseUpstream(new String(sse).split("\r\n\r\n")[0].substring("data: ".length()))
                .path("candidates").get(0).path("content").path("parts").get(0).path("thoughtSignature").asString();
        JsonNode assembled = GeminiFixturesTest.decode(sse, 64).path("assembled");
        String id = assembled.path("choices").get(0).path("message").path("toolCalls").get(0).path("id").asString();

        ObjectNode next = nextTurn(id, "get_country", "{\"country\": \"Mexico\"}");

        JsonNode model = next.path("contents").get(1);
        assertThat(model.path("role").asString()).isEqualTo("model");
        assertThat(model.path("parts").get(0).path("thoughtSignature").asString()).isEqualTo(recorded);
        assertThat(model.path("parts").get(0).path("functionCall").path("name").asString()).isEqualTo("get_country");
        JsonNode result = next.path("contents").get(2).path("parts").get(0).path("functionResponse");
        assertThat(result.path("name").asString()).isEqualTo("get_country");
        assertThat(result.path("response")).isEqualTo(Json.parseUpstream("{\"output\": {\"country\": \"Mexico\"}}"));
    }

    @Test
    void aWholeResponsesCallsGetIdsAClientCanSendBack() {
        ChatResponse response = new GeminiDialect(GeminiFixturesTest.CLOCK).fromWire(
                GeminiFixturesTest.upstream("gemini-2.0-flash"),
                Fixtures.bytes("gemini/generate-content-parallel-function-calls.json"));
        ObjectNode client = OpenAiResponseCodec.toWire(response);
        ToolCall second = response.choices().getFirst().message().toolCalls().get(1);
        assertThat(second.id()).matches(ID_PATTERN);
        assertThat(client.toString()).contains(second.id());
        assertThat(GeminiToolCallIds.signatureOf(second.id())).isNull();
    }

    /** An OpenAI client's next request: the user's question, the assistant's call, and the tool's result. */
    private static ObjectNode nextTurn(String id, String name, String result) {
        ObjectNode body = Json.parseObject("""
                {"model": "gemini-3-pro-preview", "messages": [
                  {"role": "user", "content": "What is the capital of the user country? Call the tool"},
                  {"role": "assistant", "content": null, "tool_calls": [
                    {"id": "%s", "type": "function", "function": {"name": "%s", "arguments": "{}"}}]},
                  {"role": "tool", "tool_call_id": "%s", "content": %s}]}
                """.formatted(id, name, id, Json.MAPPER.getNodeFactory().stringNode(result)).getBytes());
        ChatRequest request = OpenAiRequestCodec.fromWire(body);
        return GeminiRequestCodec.toWire(request, "gemini-3-pro-preview");
    }
}
