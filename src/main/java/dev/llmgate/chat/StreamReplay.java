package dev.llmgate.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * A whole answer told again as the stream that would have produced it, so that an answer kept from a
 * non-streamed call can be served to a client that asked for a stream. The inverse of
 * {@link StreamAssembler} for the first choice: assembling the events gives back the same answer.
 */
public final class StreamReplay {

    private StreamReplay() {
    }

    /**
     * The events of the first choice: start, reasoning and text in the order of the message's parts, the
     * refusal, each tool call whole, then the finish with the usage. Parts a stream cannot carry (images,
     * a dialect's opaque blocks) are left out.
     */
    public static List<StreamEvent> events(ChatResponse response) {
        List<StreamEvent> events = new ArrayList<>();
        events.add(new StreamEvent.Started(response.id(), response.model(), response.created(), response.usage()));
        Choice choice = response.choices().isEmpty() ? null : response.choices().getFirst();
        if (choice != null) {
            Message.Assistant message = choice.message();
            for (Part part : message.parts()) {
                switch (part) {
                    case Part.Text t -> events.add(new StreamEvent.TextDelta(t.text()));
                    case Part.Thinking t -> events.add(new StreamEvent.ReasoningDelta(t.text(), t.signature()));
                    case Part.RedactedThinking r -> events.add(new StreamEvent.RedactedReasoning(r.data()));
                    case Part.Image i -> { }
                    case Part.Opaque o -> { }
                }
            }
            if (message.refusal() != null) {
                events.add(new StreamEvent.RefusalDelta(message.refusal()));
            }
            List<ToolCall> calls = message.toolCalls();
            for (int i = 0; i < calls.size(); i++) {
                ToolCall call = calls.get(i);
                events.add(new StreamEvent.ToolCallDelta(i, call.id(), call.name(), call.arguments()));
            }
        }
        FinishReason reason = choice == null || choice.finishReason() == null ? FinishReason.STOP
                : choice.finishReason();
        events.add(new StreamEvent.Finished(reason, response.usage()));
        return events;
    }
}
