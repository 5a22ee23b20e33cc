package dev.llmgate.provider;

import dev.llmgate.chat.StreamEvent;
import dev.llmgate.chat.Usage;
import dev.llmgate.provider.http.SseEvent;
import java.util.List;

/**
 * Turns one upstream stream, event by event, into canonical events. An explicit state machine, one per
 * stream, with no I/O. An error the upstream reports inside the stream is thrown as a GatewayException.
 */
public interface StreamDecoder {

    /** The canonical events carried by one upstream SSE event (often none or one). */
    List<StreamEvent> decode(SseEvent event);

    /**
     * Called when the upstream closed the stream: returns what is still owed (the final event), or throws
     * if the answer was cut short.
     */
    List<StreamEvent> end();

    /**
     * Called instead of {@link #end()} with the bytes received after the last complete SSE event (empty when
     * there were none). A dialect whose upstream reports a late failure outside SSE framing (Gemini appends a
     * bare JSON error body) reads it here; by default such bytes are ignored.
     */
    default List<StreamEvent> end(byte[] trailing) {
        return end();
    }

    /**
     * What the upstream has reported of the usage so far, for a stream that stops before its end (cut, or
     * left by the client): Anthropic gives the input count in {@code message_start}, Gemini repeats its counts
     * in every chunk. Null when nothing was reported yet (OpenAI reports usage only at the end).
     */
    default Usage usageSoFar() {
        return null;
    }

    /** Whether the upstream has sent its end-of-stream marker; nothing after it is decoded. */
    boolean complete();
}
