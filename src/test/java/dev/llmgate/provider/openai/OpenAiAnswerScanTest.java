package dev.llmgate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.provider.Verbatim;
import dev.llmgate.testing.Fixtures;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Which whole answers OpenAI clients may get as received, and that relaying one changes nothing they can read. */
class OpenAiAnswerScanTest {

    private static final BigDecimal COST = new BigDecimal("0.0000123456");

    static List<String> answers() {
        return Fixtures.list(List.of("openai", "openrouter", "groq", "deepseek", "mistral", "ollama"), "chat-*.json")
                .stream().filter(path -> !path.endsWith(".request.json")).toList();
    }

    @Test
    void onlyAnswersThatAlreadyHaveEverythingTheSchemaAndTheEncoderGiveAreRelayed() {
        Set<String> relayed = new TreeSet<>();
        for (String path : answers()) {
            if (OpenAiAnswerScan.scan(Fixtures.bytes(path)) != null) {
                relayed.add(path);
            }
        }
        // the others lack logprobs, refusal or token details, carry a null system_fingerprint, or their own cost
        assertThat(relayed).containsExactly("openai/chat-text-2026.json", "openai/chat-tool-call.json");
    }

    @ParameterizedTest
    @MethodSource("answers")
    void aRelayedAnswerIsTheUpstreamsBytesWithOnlyTheCostAddedAndReadsAsTheEncodedOne(String path) {
        byte[] body = Fixtures.bytes(path);
        Verbatim verbatim = OpenAiAnswerScan.scan(body);
        if (verbatim == null) {
            return; // decoded and encoded again, as the translation tests check
        }
        byte[] relayed = OpenAiAnswerScan.withCost(verbatim, COST).getBytes();
        String inserted = ",\"cost\":0.0000123456";
        assertThat(new String(relayed, 0, verbatim.costOffset(), StandardCharsets.UTF_8) + inserted
                + new String(body, verbatim.costOffset(), body.length - verbatim.costOffset(), StandardCharsets.UTF_8))
                .isEqualTo(new String(relayed, StandardCharsets.UTF_8));
        JsonNode encoded = Json.MAPPER.readTree(Json.bytes(
                OpenAiResponseCodec.toWire(OpenAiResponseCodec.fromWire(Json.parseUpstream(body)), COST)));
        assertThat(Json.MAPPER.readTree(relayed)).isEqualTo(encoded);
        assertThat(verbatim.usage()).isEqualTo(OpenAiResponseCodec.fromWire(Json.parseUpstream(body)).usage());
    }

    @Test
    void anUnknownCostLeavesTheBytesAsReceived() {
        byte[] body = Fixtures.bytes("openai/chat-text-2026.json");
        assertThat(OpenAiAnswerScan.withCost(OpenAiAnswerScan.scan(body), null).getBytes()).isEqualTo(body);
    }

    private static final String COMPLETE = """
            {"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,\
            "message":{"role":"assistant","content":"hi","refusal":null},"logprobs":null,"finish_reason":"stop"}],\
            "usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,\
            "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}""";

    @Test
    void aCompleteAnswerIsRelayed() {
        assertThat(OpenAiAnswerScan.scan(COMPLETE.getBytes(StandardCharsets.UTF_8))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"logprobs\":null,", "\"refusal\":null", "\"object\":\"chat.completion\",",
            "\"prompt_tokens_details\":{\"cached_tokens\":0},"})
    void anAnswerWithoutARequiredFieldIsEncodedAgain(String missing) {
        String body = COMPLETE.replace(missing, "").replace("\"content\":\"hi\",}", "\"content\":\"hi\"}");
        assertThat(body).isNotEqualTo(COMPLETE);
        assertThat(OpenAiAnswerScan.scan(body.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"finish_reason\":\"max_tokens\"", "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]",
            "\"total_tokens\":3,\"cost\":0.1", "\"created\":\"1\""})
    void anAnswerThatIsNotQuiteOpenAisIsEncodedAgain(String variant) {
        String key = variant.substring(0, variant.indexOf(':'));
        String body = switch (key) {
            case "\"finish_reason\"" -> COMPLETE.replace("\"finish_reason\":\"stop\"", variant);
            case "\"content\"" -> COMPLETE.replace("\"content\":\"hi\"", variant);
            case "\"total_tokens\"" -> COMPLETE.replace("\"total_tokens\":3", variant);
            default -> COMPLETE.replace("\"created\":1", variant);
        };
        assertThat(body).isNotEqualTo(COMPLETE);
        assertThat(OpenAiAnswerScan.scan(body.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void aNullSystemFingerprintOrTrailingBytesOrBrokenJsonAreEncodedAgain() {
        assertThat(OpenAiAnswerScan.scan(COMPLETE.replace("\"model\":\"m\"", "\"model\":\"m\",\"system_fingerprint\":null")
                .getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(OpenAiAnswerScan.scan((COMPLETE + "{}").getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(OpenAiAnswerScan.scan(COMPLETE.substring(0, 60).getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
