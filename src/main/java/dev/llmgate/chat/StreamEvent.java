package dev.llmgate.chat;

/**
 * What a streamed answer is made of, in order: one {@link Started}, then deltas, then one {@link Finished}
 * that carries the finish reason and usage. An upstream error mid-stream is an exception, not an event.
 */
public sealed interface StreamEvent {

    /**
     * The answer began. {@code usage} holds the prompt's counts when the upstream reported them up front
     * (Anthropic's {@code message_start}, Gemini's usage on every chunk, a replayed answer), else null;
     * the final counts come with {@link Finished}.
     */
    record Started(String id, String model, long created, Usage usage) implements StreamEvent {
        public Started(String id, String model, long created) {
            this(id, model, created, null);
        }
    }

    record TextDelta(String text) implements StreamEvent {}

    /** A piece of the model's refusal to answer (OpenAI's {@code refusal}). */
    record RefusalDelta(String text) implements StreamEvent {}

    /** A piece of reasoning text; a signature, when present, closes the reasoning block it belongs to. */
    record ReasoningDelta(String text, String signature) implements StreamEvent {}

    /** A whole block of reasoning the provider returned encrypted. */
    record RedactedReasoning(String data) implements StreamEvent {}

    /** A fragment of tool call {@code index}; the first fragment of a call carries its id and name. */
    record ToolCallDelta(int index, String id, String name, String arguments) implements StreamEvent {}

    /** The end: usage may be null when the upstream reported none. */
    record Finished(FinishReason reason, Usage usage) implements StreamEvent {}
}
