package dev.llmgate.provider;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.chat.Usage;
import dev.llmgate.provider.http.HttpStream;
import dev.llmgate.provider.http.SseBatch;
import dev.llmgate.provider.http.SseEvent;
import dev.llmgate.provider.http.SseParser;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An accepted upstream stream: received buffers are framed into SSE events, decoded by the dialect's
 * decoder, and handed to one listener together with their raw bytes. Backpressure and cancellation go
 * straight to the upstream connection.
 */
public final class UpstreamStream {

    private final Upstream upstream;
    private final HttpStream http;
    private final StreamDecoder decoder;
    private final List<String> warnings;
    private final SseParser parser = new SseParser();
    private StreamListener listener;
    private boolean failed;

    UpstreamStream(Upstream upstream, HttpStream http, StreamDecoder decoder, List<String> warnings) {
        this.upstream = upstream;
        this.http = http;
        this.decoder = decoder;
        this.warnings = List.copyOf(warnings);
    }

    public Upstream upstream() {
        return upstream;
    }

    /** What the dialect changed in the request for the upstream to accept it (see {@link WireRequest#warnings()}). */
    public List<String> warnings() {
        return warnings;
    }

    public String dialect() {
        return upstream.dialect();
    }

    public long sentNanos() {
        return http.sentNanos();
    }

    public long firstByteNanos() {
        return http.firstByteNanos();
    }

    /** The usage the upstream has reported before the stream's end, or null ({@link StreamDecoder#usageSoFar}). */
    public Usage usageSoFar() {
        return decoder.usageSoFar();
    }

    public void start(StreamListener target) {
        this.listener = target;
        http.start(this::onData, v -> onEnd(), error -> target.onError(error, false));
    }

    public void pause() {
        http.pause();
    }

    public void resume() {
        http.resume();
    }

    public void cancel() {
        http.cancel();
    }

    private void onData(Buffer buffer) {
        deliver(parser.feed(buffer));
    }

    private void deliver(SseBatch batch) {
        if (failed || batch.raw().length() == 0) {
            return;
        }
        List<StreamListener.Decoded> decoded = new ArrayList<>(batch.events().size());
        for (SseEvent event : batch.events()) {
            try {
                decoded.add(new StreamListener.Decoded(event, decoder.decode(event)));
            } catch (GatewayException error) {
                decoded.add(new StreamListener.Decoded(event, List.<StreamEvent>of()));
                listener.onBatch(new SseBatch(batch.raw().slice(0, event.end()),
                        batch.events().subList(0, decoded.size())), decoded);
                failed = true;
                http.cancel();
                listener.onError(error, true);
                return;
            }
        }
        listener.onBatch(batch, decoded);
    }

    private void onEnd() {
        deliver(parser.finish());
        if (failed) {
            return;
        }
        List<StreamEvent> closing;
        try {
            closing = decoder.end(parser.remainder());
        } catch (GatewayException error) {
            listener.onError(error, false);
            return;
        }
        listener.onEnd(closing);
    }
}
