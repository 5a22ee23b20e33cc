package dev.llmgate.provider;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.provider.http.SseBatch;
import java.util.List;

/** Receives an upstream stream: raw batches with what they decoded to, then one end or one error. */
public interface StreamListener {

    /** Whole upstream events as received, each paired with the canonical events it carried. */
    void onBatch(SseBatch batch, List<Decoded> decoded);

    /** The upstream ended the stream properly; {@code closing} holds any events still owed (the finish). */
    void onEnd(List<StreamEvent> closing);

    /**
     * The stream failed. {@code inBand} says the upstream itself reported the error as a stream event, which
     * was the last event of the last batch delivered.
     */
    void onError(GatewayException error, boolean inBand);

    /** One upstream SSE event and the canonical events decoded from it. */
    record Decoded(dev.llmgate.provider.http.SseEvent event, List<StreamEvent> events) {}
}
