package dev.llmgate.api.openai;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.provider.StreamListener;
import dev.llmgate.provider.UpstreamStream;
import dev.llmgate.provider.http.SseBatch;
import dev.llmgate.provider.openai.OpenAiChunks;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Writes an upstream stream to an OpenAI-dialect client. From an OpenAI-dialect upstream the bytes are
 * relayed as received, one write per received buffer (only the usage chunk the gateway asked for on its own
 * account is held back); from any other dialect the canonical events are encoded as chunks. A client that
 * reads slowly pauses the upstream. A stream that fails ends with an error event, never with [DONE].
 */
final class OpenAiStreamWriter implements StreamListener {

    private final HttpServerResponse response;
    private final UpstreamStream upstream;
    private final boolean relay;
    private final boolean clientWantsUsage;
    private final OpenAiChunks chunks;
    private boolean doneSent;

    OpenAiStreamWriter(HttpServerResponse response, UpstreamStream upstream, OpenAiChunks chunks) {
        this.response = response;
        this.upstream = upstream;
        this.relay = upstream.dialect().equals(dev.llmgate.provider.openai.OpenAiDialect.ID);
        this.clientWantsUsage = chunks.includesUsage();
        this.chunks = chunks;
    }

    @Override
    public void onBatch(SseBatch batch, List<Decoded> decoded) {
        write(relay ? relayed(batch, decoded) : encoded(decoded));
    }

    @Override
    public void onEnd(List<StreamEvent> closing) {
        Buffer out;
        if (relay) {
            out = doneSent ? Buffer.buffer() : OpenAiChunks.done();
        } else {
            out = Buffer.buffer();
            closing.forEach(event -> chunks.write(event, out));
        }
        response.end(out);
    }

    @Override
    public void onError(GatewayException error, boolean inBand) {
        if (relay && inBand) {
            response.end(); // the upstream's own error event has been relayed
            return;
        }
        response.end(OpenAiChunks.event(OpenAiErrorRenderer.envelope(error)));
    }

    private Buffer relayed(SseBatch batch, List<Decoded> decoded) {
        boolean holdBack = false;
        for (Decoded d : decoded) {
            doneSent |= d.event().isDone();
            holdBack |= !clientWantsUsage && isUsageOnlyChunk(d);
        }
        if (!holdBack) {
            return batch.raw();
        }
        Buffer out = Buffer.buffer(batch.raw().length());
        int cursor = 0;
        for (Decoded d : decoded) {
            out.appendBuffer(batch.raw(), cursor, d.event().start() - cursor);
            if (!isUsageOnlyChunk(d)) {
                out.appendBuffer(batch.raw(), d.event().start(), d.event().end() - d.event().start());
            }
            cursor = d.event().end();
        }
        out.appendBuffer(batch.raw(), cursor, batch.raw().length() - cursor);
        return out;
    }

    /** The chunk with {@code "choices":[]} that carries only usage (it ends the stream, so it is rare to parse). */
    private static boolean isUsageOnlyChunk(Decoded d) {
        if (d.event().isDone() || d.events().stream().noneMatch(e -> e instanceof StreamEvent.Finished)) {
            return false;
        }
        var choices = Json.parseUpstream(d.event().data()).get("choices");
        return choices == null || choices.isEmpty();
    }

    private Buffer encoded(List<Decoded> decoded) {
        Buffer out = Buffer.buffer();
        for (Decoded d : decoded) {
            d.events().forEach(event -> chunks.write(event, out));
        }
        return out;
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
