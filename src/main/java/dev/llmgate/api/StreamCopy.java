package dev.llmgate.api;

import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.StreamAssembler;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.provider.StreamListener;
import dev.llmgate.provider.http.SseBatch;
import java.util.List;
import java.util.function.Consumer;

/**
 * Passes a stream on to the client's writer while folding its canonical events into the whole answer; when
 * the stream ends cleanly with its finish event, hands that answer on (the cache copy). A stream that
 * failed, was cut short, or that the writer could not write is never handed on.
 */
final class StreamCopy implements StreamListener {

    private final StreamListener client;
    private final Consumer<ChatResponse> whole;
    private final StreamAssembler assembler = new StreamAssembler();
    private boolean broken;

    StreamCopy(StreamListener client, Consumer<ChatResponse> whole) {
        this.client = client;
        this.whole = whole;
    }

    @Override
    public void onBatch(SseBatch batch, List<Decoded> decoded) {
        for (Decoded d : decoded) {
            d.events().forEach(assembler::accept);
        }
        try {
            client.onBatch(batch, decoded);
        } catch (RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    @Override
    public void onEnd(List<StreamEvent> closing) {
        closing.forEach(assembler::accept);
        client.onEnd(closing);
        if (!broken && assembler.isFinished()) {
            whole.accept(assembler.toResponse());
        }
    }

    @Override
    public void onError(GatewayException error, boolean inBand) {
        broken = true;
        client.onError(error, inBand);
    }
}
