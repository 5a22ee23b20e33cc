package dev.llmgate.provider;

import dev.llmgate.chat.ChatResponse;
import dev.llmgate.provider.http.Timing;
import java.util.List;

/**
 * A whole upstream answer, how long the upstream took, and the warnings of the request that was sent (see
 * {@link WireRequest#warnings()}).
 */
public record Answer(ChatResponse response, Timing timing, List<String> warnings) {

    public Answer {
        warnings = List.copyOf(warnings);
    }

    public Answer(ChatResponse response, Timing timing) {
        this(response, timing, List.of());
    }
}
