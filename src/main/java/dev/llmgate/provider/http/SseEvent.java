package dev.llmgate.provider.http;

/**
 * One server-sent event: its {@code event:} name (null when absent) and its {@code data:} lines joined
 * by newlines. {@code start} and {@code end} locate its raw bytes in the batch it came in.
 */
public record SseEvent(String event, String data, int start, int end) {

    public boolean isDone() {
        return "[DONE]".equals(data);
    }
}
