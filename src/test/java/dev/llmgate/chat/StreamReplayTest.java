package dev.llmgate.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreamReplayTest {

    static ChatResponse answer(Message.Assistant message, FinishReason reason) {
        return new ChatResponse("resp-1", "model-x", 1_700_000_000L,
                List.of(new Choice(0, message, reason, Extras.NONE)), new Usage(12, 34, 5, 0, 7, Extras.NONE),
                Extras.NONE);
    }

    static ChatResponse assembled(List<StreamEvent> events) {
        StreamAssembler assembler = new StreamAssembler();
        events.forEach(assembler::accept);
        assertThat(assembler.isFinished()).isTrue();
        return assembler.toResponse();
    }

    @Test
    void assemblingTheReplayGivesBackTheAnswer() {
        Message.Assistant message = new Message.Assistant(List.of(
                new Part.Thinking("Let me think.", "sig-abc", Extras.NONE),
                new Part.RedactedThinking("opaque-data", Extras.NONE),
                Part.Text.of("It is sunny.")),
                List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}", Extras.NONE),
                        new ToolCall("call_2", "get_time", "{}", Extras.NONE)),
                null, Extras.NONE);
        ChatResponse original = answer(message, FinishReason.TOOL_CALLS);

        List<StreamEvent> events = StreamReplay.events(original);

        assertThat(events.getFirst()).isEqualTo(new StreamEvent.Started("resp-1", "model-x", 1_700_000_000L,
                original.usage()));
        assertThat(events.getLast()).isEqualTo(new StreamEvent.Finished(FinishReason.TOOL_CALLS, original.usage()));
        assertThat(assembled(events)).isEqualTo(original);
    }

    @Test
    void aRefusalIsReplayed() {
        ChatResponse original = answer(new Message.Assistant(List.of(), List.of(), "I can't help with that.",
                Extras.NONE), FinishReason.STOP);

        assertThat(StreamReplay.events(original)).contains(new StreamEvent.RefusalDelta("I can't help with that."));
        assertThat(assembled(StreamReplay.events(original))).isEqualTo(original);
    }

    @Test
    void anAnswerWithoutUsageOrReasonStillEndsWithAFinish() {
        ChatResponse original = new ChatResponse("r", "m", 0, List.of(new Choice(0,
                new Message.Assistant(List.of(Part.Text.of("hi")), List.of(), null, Extras.NONE), null, Extras.NONE)),
                null, Extras.NONE);

        assertThat(StreamReplay.events(original).getLast()).isEqualTo(new StreamEvent.Finished(FinishReason.STOP, null));
    }
}
