package dev.llmgate.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.chat.CacheMarker;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.Choice;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.FinishReason;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.ToolCall;
import dev.llmgate.chat.Usage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerCodecTest {

    static ChatResponse answer(String text) {
        Extras openai = Extras.of("openai", Json.object().put("system_fingerprint", "fp_1"));
        Message.Assistant message = new Message.Assistant(List.of(
                new Part.Thinking("hmm", "sig", Extras.NONE),
                new Part.RedactedThinking("xyz", Extras.NONE),
                new Part.Text(text, new CacheMarker("1h"), Extras.NONE),
                new Part.Image("https://example.com/a.png", "low", null, Extras.NONE),
                new Part.Opaque("audio", Extras.of("openai", Json.object().put("id", "audio_1")))),
                List.of(new ToolCall("call_1", "f", "{\"a\":1}", openai)), "no", openai);
        return new ChatResponse("chatcmpl-1", "gpt-x", 1_700_000_000L,
                List.of(new Choice(0, message, FinishReason.TOOL_CALLS, openai)),
                new Usage(10, 20, 3, 4, 5, openai), openai);
    }

    @Test
    void everyPartOfAnAnswerSurvivesTheRoundTrip() {
        ChatResponse original = answer("Paris.");
        byte[] bytes = AnswerCodec.encode(original);

        assertThat(AnswerCodec.isCompressed(bytes)).isFalse();
        assertThat(AnswerCodec.decode(bytes)).usingRecursiveComparison().isEqualTo(original);
    }

    @Test
    void largeAnswersAreCompressedAndStillReadBack() {
        ChatResponse original = answer("Paris is the capital of France. ".repeat(400));
        byte[] bytes = AnswerCodec.encode(original);

        assertThat(AnswerCodec.isCompressed(bytes)).isTrue();
        assertThat(bytes.length).isLessThan(AnswerCodec.COMPRESS_ABOVE);
        assertThat(AnswerCodec.decode(bytes)).usingRecursiveComparison().isEqualTo(original);
    }

    @Test
    void anAnswerWithoutUsageOrExtrasRoundTrips() {
        ChatResponse original = new ChatResponse("", null, 0, List.of(new Choice(0,
                new Message.Assistant(List.of(Part.Text.of("hi")), List.of(), null, Extras.NONE), FinishReason.STOP,
                Extras.NONE)), null, Extras.NONE);

        assertThat(AnswerCodec.decode(AnswerCodec.encode(original))).usingRecursiveComparison().isEqualTo(original);
    }

    @Test
    void bytesOfAnotherFormatAreRefused() {
        assertThatThrownBy(() -> AnswerCodec.decode("{\"format\":99}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AnswerCodec.decode(new byte[] {0x1f, (byte) 0x8b, 1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
