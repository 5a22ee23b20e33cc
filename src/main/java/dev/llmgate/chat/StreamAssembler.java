package dev.llmgate.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Folds a stream's events into the complete response they describe: text and reasoning joined, tool-call
 * fragments accumulated into whole calls. Used for accounting and for the cache copy of a streamed answer.
 * Not thread-safe: one per stream, fed from the stream's own thread.
 */
public final class StreamAssembler {

    private String id = "";
    private String model = "";
    private long created;
    private final StringBuilder text = new StringBuilder();
    private StringBuilder refusal;
    private final List<Part> reasoning = new ArrayList<>();
    private StringBuilder thinking;
    private final TreeMap<Integer, CallBuilder> calls = new TreeMap<>();
    private StreamEvent.Finished finished;

    public void accept(StreamEvent event) {
        switch (event) {
            case StreamEvent.Started s -> {
                id = s.id();
                model = s.model();
                created = s.created();
            }
            case StreamEvent.TextDelta t -> text.append(t.text());
            case StreamEvent.RefusalDelta r -> refusal = (refusal == null ? new StringBuilder() : refusal).append(r.text());
            case StreamEvent.ReasoningDelta r -> acceptReasoning(r);
            case StreamEvent.RedactedReasoning r -> {
                closeThinking(null);
                reasoning.add(new Part.RedactedThinking(r.data(), Extras.NONE));
            }
            case StreamEvent.ToolCallDelta d -> calls.computeIfAbsent(d.index(), i -> new CallBuilder()).accept(d);
            case StreamEvent.Finished f -> finished = f;
        }
    }

    private void acceptReasoning(StreamEvent.ReasoningDelta delta) {
        if (delta.text() != null) {
            if (thinking == null) {
                thinking = new StringBuilder();
            }
            thinking.append(delta.text());
        }
        if (delta.signature() != null) {
            closeThinking(delta.signature());
        }
    }

    private void closeThinking(String signature) {
        if (thinking != null || signature != null) {
            reasoning.add(new Part.Thinking(thinking == null ? "" : thinking.toString(), signature, Extras.NONE));
            thinking = null;
        }
    }

    public boolean isFinished() {
        return finished != null;
    }

    /** The text generated so far (used to count tokens when the upstream reports no usage). */
    public String generatedText() {
        StringBuilder all = new StringBuilder(text);
        calls.values().forEach(c -> all.append(c.name == null ? "" : c.name).append(c.arguments));
        return all.toString();
    }

    public List<ToolCall> toolCalls() {
        return calls.values().stream().map(CallBuilder::build).toList();
    }

    public ChatResponse toResponse() {
        closeThinking(null);
        List<Part> parts = new ArrayList<>(reasoning);
        if (!text.isEmpty()) {
            parts.add(Part.Text.of(text.toString()));
        }
        List<ToolCall> toolCalls = toolCalls();
        FinishReason reason = finished != null ? finished.reason()
                : toolCalls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
        Usage usage = finished == null ? null : finished.usage();
        Message.Assistant message = new Message.Assistant(parts, toolCalls,
                refusal == null ? null : refusal.toString(), Extras.NONE);
        return new ChatResponse(id, model, created, List.of(new Choice(0, message, reason, Extras.NONE)), usage,
                Extras.NONE);
    }

    private static final class CallBuilder {
        private String id;
        private String name;
        private final StringBuilder arguments = new StringBuilder();

        void accept(StreamEvent.ToolCallDelta delta) {
            if (delta.id() != null && id == null) {
                id = delta.id();
            }
            if (delta.name() != null) {
                name = name == null ? delta.name() : name;
            }
            if (delta.arguments() != null) {
                arguments.append(delta.arguments());
            }
        }

        ToolCall build() {
            return new ToolCall(id, name, arguments.toString(), Extras.NONE);
        }
    }
}
