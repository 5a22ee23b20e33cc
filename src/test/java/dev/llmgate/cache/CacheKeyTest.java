package dev.llmgate.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.Json;
import dev.llmgate.provider.anthropic.AnthropicRequestCodec;
import dev.llmgate.provider.openai.OpenAiRequestCodec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which differences between two requests make them share a cache entry, and which do not. */
class CacheKeyTest {

    static final String BASE = """
            {"model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},
             {"role":"user","content":"What is the capital of France?"}]""";

    static String openAi(String extra) {
        return BASE + extra + "}";
    }

    static CacheKey key(String body) {
        ChatRequest request = OpenAiRequestCodec.fromWire(Json.parseObject(body.getBytes()));
        return CacheKey.of(request.model(), request);
    }

    @Test
    void aKeyIsTheHexOfASha256() {
        String id = key(openAi("")).id();
        assertThat(id).hasSize(64).matches("[0-9a-f]+");
        assertThat(CacheKey.isKey(id)).isTrue();
        assertThat(CacheKey.isKey(id.toUpperCase())).isFalse();
        assertThat(CacheKey.isKey("../etc")).isFalse();
    }

    @Test
    void keyOrderAndWhitespaceOfTheBodyDoNotMatter() {
        String compact = "{\"model\":\"gpt-4o-mini\",\"temperature\":0.5,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}],\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"a\","
                + "\"schema\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"}}}}},"
                + "\"logit_bias\":{\"1\":2,\"3\":4}}";
        String reordered = """
                {
                  "logit_bias": { "3": 4, "1": 2 },
                  "messages": [ { "content": "Hi", "role": "user" } ],
                  "response_format": { "json_schema": { "schema": { "properties": { "x": { "type": "string" } },
                                       "type": "object" }, "name": "a" }, "type": "json_schema" },
                  "temperature": 0.5,
                  "model": "gpt-4o-mini"
                }
                """;
        assertThat(key(reordered)).isEqualTo(key(compact));
    }

    @Test
    void aStringContentAndOneTextPartAreTheSameMessage() {
        String parts = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is the capital of France?\"}]}]}";
        assertThat(key(parts)).isEqualTo(key(openAi("")));
    }

    /** Each of these changes what the model says, so it must change the key. */
    @ParameterizedTest
    @ValueSource(strings = {
            ",\"temperature\":0.2", ",\"top_p\":0.9", ",\"top_k\":40", ",\"max_tokens\":100",
            ",\"max_completion_tokens\":99", ",\"stop\":[\"\\n\"]", ",\"seed\":42", ",\"n\":2",
            ",\"presence_penalty\":0.5", ",\"frequency_penalty\":0.5",
            ",\"response_format\":{\"type\":\"json_object\"}", ",\"response_format\":{\"type\":\"text\"}",
            ",\"reasoning_effort\":\"low\"",
            ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}]",
            ",\"tool_choice\":\"none\"", ",\"parallel_tool_calls\":false",
            ",\"logit_bias\":{\"50256\":-100}", ",\"logprobs\":true", ",\"prediction\":{\"type\":\"content\",\"content\":\"x\"}",
            ",\"verbosity\":\"low\"", ",\"some_future_param\":1"})
    void anOutputChangingParameterChangesTheKey(String parameter) {
        assertThat(key(openAi(parameter))).isNotEqualTo(key(openAi("")));
    }

    @Test
    void samplingValuesAreComparedByValue() {
        assertThat(key(openAi(",\"temperature\":0.2"))).isNotEqualTo(key(openAi(",\"temperature\":0.3")));
        assertThat(key(openAi(",\"temperature\":1"))).isEqualTo(key(openAi(",\"temperature\":1.0")));
        assertThat(key(openAi(",\"stop\":\"x\""))).isEqualTo(key(openAi(",\"stop\":[\"x\"]")));
        assertThat(key(openAi(",\"temperature\":null"))).isEqualTo(key(openAi("")));
        assertThat(key(openAi(",\"n\":1"))).isEqualTo(key(openAi("")));
    }

    @Test
    void theMessagesTheModelAndTheRolesAreInTheKey() {
        assertThat(key(openAi("").replace("France", "Spain"))).isNotEqualTo(key(openAi("")));
        assertThat(key(openAi("").replace("gpt-4o-mini", "gpt-4o"))).isNotEqualTo(key(openAi("")));
        assertThat(key(openAi("").replace("\"system\"", "\"developer\""))).isNotEqualTo(key(openAi("")));
        ChatRequest request = OpenAiRequestCodec.fromWire(Json.parseObject(openAi("").getBytes()));
        assertThat(CacheKey.of("openai/gpt-4o-mini", request)).isNotEqualTo(CacheKey.of("gpt-4o-mini", request));
    }

    /** Each of these is bookkeeping, transport or the gateway's own business: the answer is the same. */
    @ParameterizedTest
    @ValueSource(strings = {
            ",\"stream\":true", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}", ",\"stream\":false",
            ",\"user\":\"alice\"", ",\"metadata\":{\"team\":\"search\"}", ",\"store\":true",
            ",\"service_tier\":\"flex\"", ",\"prompt_cache_key\":\"k1\"", ",\"prompt_cache_retention\":\"24h\"",
            ",\"safety_identifier\":\"u-1\"", ",\"use_cache\":true", ",\"cache_ttl_hours\":2",
            ",\"user_id\":\"u\",\"session_id\":\"s\",\"tags\":[\"a\"]", ",\"platform\":\"openai\""})
    void aFieldThatDoesNotChangeTheOutputLeavesTheKey(String field) {
        assertThat(key(openAi(field))).isEqualTo(key(openAi("")));
    }

    @Test
    void promptCacheMarkersDoNotChangeTheKey() {
        String marked = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"Be brief.\",\"cache_control\":{\"type\":\"ephemeral\"}}]},"
                + "{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}";
        assertThat(key(marked)).isEqualTo(key(openAi("")));
    }

    @Test
    void anAnthropicRequestIsKeyedByTheSameRules() {
        String base = "{\"model\":\"claude\",\"max_tokens\":256,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
        CacheKey plain = anthropic(base + "}");
        assertThat(anthropic(base + ",\"stream\":true,\"metadata\":{\"user_id\":\"u\",\"x\":1}}")).isEqualTo(plain);
        assertThat(anthropic(base + ",\"service_tier\":\"auto\"}")).isEqualTo(plain);
        assertThat(anthropic(base + ",\"temperature\":0}")).isNotEqualTo(plain);
        assertThat(anthropic(base.replace("256", "512") + "}")).isNotEqualTo(plain);
        String roomy = base.replace("256", "4096");
        assertThat(anthropic(roomy + ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}}"))
                .isNotEqualTo(anthropic(roomy + "}"));
    }

    static CacheKey anthropic(String body) {
        ChatRequest request = AnthropicRequestCodec.fromWire(Json.parseObject(body.getBytes()));
        return CacheKey.of(request.model(), request);
    }
}
