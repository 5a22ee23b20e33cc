package dev.llmgate.chat;

import java.util.List;

/** The tools offered to the model and how it may use them; choice and parallel may be null (provider default). */
public record Tooling(List<ToolSpec> tools, ToolChoice choice, Boolean parallelCalls) {

    public static final Tooling NONE = new Tooling(List.of(), null, null);

    public boolean isEmpty() {
        return tools.isEmpty();
    }
}
