package dev.llmgate.chat;

/** Why the model stopped, in OpenAI's vocabulary (the one most clients know). */
public enum FinishReason {
    STOP("stop"), LENGTH("length"), TOOL_CALLS("tool_calls"), CONTENT_FILTER("content_filter");

    private final String wire;

    FinishReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
