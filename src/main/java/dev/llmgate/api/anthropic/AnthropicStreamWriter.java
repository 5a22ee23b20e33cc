package dev.llmgate.api.anthropic;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.chat.TokenCounter;
import dev.llmgate.provider.StreamListener;
import dev.llmgate.provider.UpstreamStream;
import dev.llmgate.provider.anthropic.AnthropicDialect;
import dev.llmgate.provider.anthropic.AnthropicEvents;
import dev.llmgate.provider.http.SseBatch;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Writes an upstream stream to an Anthropic-protocol client: an Anthropic upstream's events relayed as
 * received (lossless), any other dialect's canonical events encoded as Anthropic's event sequence. A slow
 * client pauses the upstream; a failure ends with an {@code error} event.
 */
final class AnthropicStreamWriter implements StreamListener {

    private final HttpServerResponse response;
    private final UpstreamStream upstream;
    private final boolean relay;
    private final AnthropicEvents events;

    /** {@code request} is what was sent: its prompt is estimated when the upstream reports no usage up front. */
    AnthropicStreamWriter(HttpServerResponse response, UpstreamStream upstream, ChatRequest request) {
        this.response = response;
        this.upstream = upstream;
        this.relay = upstream.dialect().equals(AnthropicDialect.ID);
        this.events = new AnthropicEvents(() -> TokenCounter.quickPrompt(request));
    }

    @Override
    public void onBatch(SseBatch batch, List<Decoded> decoded) {
        if (relay) {
            write(batch.raw());
            return;
        }
        Buffer out = Buffer.buffer();
        for (Decoded d : decoded) {
            d.events().forEach(event -> events.write(event, out));
        }
        write(out);
    }

    @Override
    public void onEnd(List<StreamEvent> closing) {
        Buffer out = Buffer.buffer();
        if (!relay) {
            closing.forEach(event -> events.write(event, out));
        }
        response.end(out);
    }

    @Override
    public void onError(GatewayException error, boolean inBand) {
        response.end(relay && inBand ? Buffer.buffer() : AnthropicEvents.error(error));
    }

    private void write(Buffer out) {
        if (out.length() == 0) {
            return;
        }
        response.write(out);
        if (response.writeQueueFull()) {
            upstream.pause();
            response.drainHandler(v -> upstream.resume());
        }
    }
}
