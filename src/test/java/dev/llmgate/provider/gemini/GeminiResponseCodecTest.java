package dev.llmgate.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.FinishReason;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.chat.Usage;
import dev.llmgate.provider.StreamDecoder;
import dev.llmgate.provider.http.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiResponseCodecTest {

    private static final GeminiDialect DIALECT = new GeminiDialect(GeminiFixturesTest.CLOCK);

    private static ChatResponse fromWire(String body) {
        return DIALECT.fromWire(GeminiFixturesTest.upstream("gemini-2.5-flash"), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String candidate(String parts, String finishReason) {
        return "{\"responseId\": \"r1\", \"candidates\": [{\"content\": {\"role\": \"model\", \"parts\": [" + parts
                + "]}, \"finishReason\": \"" + finishReason + "\"}]}";
    }

    @ParameterizedTest
    @CsvSource({"STOP, STOP", "MAX_TOKENS, LENGTH", "SAFETY, CONTENT_FILTER", "RECITATION, CONTENT_FILTER",
            "PROHIBITED_CONTENT, CONTENT_FILTER", "BLOCKLIST, CONTENT_FILTER", "SPII, CONTENT_FILTER",
            "IMAGE_SAFETY, CONTENT_FILTER", "OTHER, STOP", "FINISH_REASON_UNSPECIFIED, STOP"})
    void finishReasonsMap(String gemini, FinishReason expected) {
        ChatResponse response = fromWire(candidate("{\"text\": \"hi\"}", gemini));
        assertThat(response.choices().getFirst().finishReason()).isEqualTo(expected);
    }

    @Test
    void functionCallsFinishWithToolCallsUnlessCutShort() {
        String call = "{\"functionCall\": {\"name\": \"f\", \"args\": {\"a\": 1}}}";
        assertThat(fromWire(candidate(call, "STOP")).choices().getFirst().finishReason())
                .isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(fromWire(candidate(call, "MAX_TOKENS")).choices().getFirst().finishReason())
                .isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void aMalformedFunctionCallIsARetryableUpstreamError() {
        assertThatThrownBy(() -> fromWire("""
                {"candidates": [{"content": {}, "finishReason": "MALFORMED_FUNCTION_CALL",
                  "finishMessage": "Malformed function call: print(default_api.f(x=))"}]}
                """))
                .isInstanceOfSatisfying(GatewayException.UpstreamError.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.type()).isEqualTo("MALFORMED_FUNCTION_CALL");
                    assertThat(e.getMessage()).contains("MALFORMED_FUNCTION_CALL").contains("default_api.f(x=)");
                });
    }

    @Test
    void aBlockedPromptIsABadRequestThatSaysWhy() {
        assertThatThrownBy(() -> fromWire("""
                {"promptFeedback": {"blockReason": "PROHIBITED_CONTENT", "blockReasonMessage": "Not allowed."}}
                """))
                .isInstanceOfSatisfying(GatewayException.BadRequest.class, e -> {
                    assertThat(e.code()).isEqualTo("prompt_blocked");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("PROHIBITED_CONTENT").contains("Not allowed.");
                });
        assertThatThrownBy(() -> fromWire("{\"usageMetadata\": {\"promptTokenCount\": 3}}"))
                .isInstanceOf(GatewayException.UpstreamUnreachable.class).hasMessageContaining("candidate");
    }

    @Test
    void usageCountsThoughtsAsOutputAndCachedTokensAsPartOfInput() {
        Usage usage = GeminiResponseCodec.usageFromWire(Json.parseUpstream("""
                {"promptTokenCount": 100, "cachedContentTokenCount": 60, "candidatesTokenCount": 10,
                 "thoughtsTokenCount": 30, "toolUsePromptTokenCount": 5, "totalTokenCount": 145}
                """));
        assertThat(usage.input()).isEqualTo(105);
        assertThat(usage.output()).isEqualTo(40);
        assertThat(usage.reasoning()).isEqualTo(30);
        assertThat(usage.cacheRead()).isEqualTo(60);
        assertThat(usage.total()).isEqualTo(145);
        assertThat(GeminiResponseCodec.usageFromWire(Json.parseUpstream("{\"trafficType\": \"ON_DEMAND\"}"))).isNull();
    }

    @Test
    void aSignatureOnAnswerTextClosesTheReasoningBeforeIt() {
        ChatResponse response = fromWire(candidate(
                "{\"text\": \"thinking\", \"thought\": true}, {\"text\": \"answer\", \"thoughtSignature\": \"U0lH\"}",
                "STOP"));
        assertThat(response.choices().getFirst().message().parts()).containsExactly(
                new Part.Thinking("thinking", "U0lH", Extras.NONE), Part.Text.of("answer"));
    }

    @Test
    void candidatesBecomeChoices() {
        ChatResponse response = fromWire("""
                {"candidates": [
                  {"index": 0, "content": {"parts": [{"text": "a"}]}, "finishReason": "STOP"},
                  {"index": 1, "content": {"parts": [{"text": "b"}]}, "finishReason": "MAX_TOKENS"}]}
                """);
        assertThat(response.choices()).extracting(c -> c.message().text()).containsExactly("a", "b");
        assertThat(response.choices()).extracting(c -> c.index()).containsExactly(0, 1);
        assertThat(response.model()).isEqualTo("gemini-2.5-flash");
    }

    @Test
    void aStreamWithoutAFinishReasonWasCutShort() {
        StreamDecoder decoder = DIALECT.streamDecoder(GeminiFixturesTest.upstream("m"));
        decoder.decode(event(candidateWithoutFinish()));
        assertThat(decoder.complete()).isFalse();
        assertThatThrownBy(decoder::end).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.code()).isEqualTo("stream_interrupted"));
    }

    @Test
    void anErrorChunkAndAMalformedCallEndTheStream() {
        StreamDecoder decoder = DIALECT.streamDecoder(GeminiFixturesTest.upstream("m"));
        decoder.decode(event(candidateWithoutFinish()));
        assertThatThrownBy(() -> decoder.decode(event(
                "{\"error\": {\"code\": 503, \"message\": \"The model is overloaded.\", \"status\": \"UNAVAILABLE\"}}")))
                .isInstanceOfSatisfying(GatewayException.UpstreamError.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.type()).isEqualTo("UNAVAILABLE");
                    assertThat(e.retryable()).isTrue();
                });
        StreamDecoder other = DIALECT.streamDecoder(GeminiFixturesTest.upstream("m"));
        assertThatThrownBy(() -> other.decode(event(
                "{\"candidates\": [{\"content\": {}, \"finishReason\": \"MALFORMED_FUNCTION_CALL\"}]}")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(502));
    }

    @Test
    void aLastEventWithoutItsBlankLineIsStillRead() {
        StreamDecoder decoder = DIALECT.streamDecoder(GeminiFixturesTest.upstream("m"));
        List<StreamEvent> events = decoder.end(("data: " + candidateWithFinish()).getBytes(StandardCharsets.UTF_8));
        assertThat(events).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Started", "TextDelta", "Finished");
    }

    private static String candidateWithoutFinish() {
        return "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hel\"}]}}]}";
    }

    private static String candidateWithFinish() {
        return "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"lo\"}]}, \"finishReason\": \"STOP\"}]}";
    }

    private static SseEvent event(String data) {
        return SseEvent.of(null, data);
    }
}
