package dev.llmgate.chat;

import java.util.List;

/** A complete (non-streamed) answer in canonical form; usage may be null when the upstream gave none. */
public record ChatResponse(String id, String model, long created, List<Choice> choices, Usage usage,
                           Extras extras) {

    public ChatResponse {
        choices = List.copyOf(choices);
    }

    public ChatResponse withCreated(long value) {
        return new ChatResponse(id, model, value, choices, usage, extras);
    }

    public ChatResponse withUsage(Usage value) {
        return new ChatResponse(id, model, created, choices, value, extras);
    }
}
