package dev.llmgate.chat;

/** Whether the client wants the answer streamed, and whether it asked for the usage chunk at the end. */
public record Streaming(boolean enabled, boolean includeUsage) {
    public static final Streaming OFF = new Streaming(false, false);
}
