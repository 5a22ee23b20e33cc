package dev.llmgate.api.openai;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.provider.StreamListener;
import dev.llmgate.provider.UpstreamStream;
import dev.llmgate.provider.http.SseBatch;
import dev.llmgate.chat.Usage;
import dev.llmgate.provider.http.SseEvent;
import dev.llmgate.provider.openai.OpenAiChunks;
import dev.llmgate.provider.openai.OpenAiResponseCodec;
import java.math.BigDecimal;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Writes an upstream stream to an OpenAI-dialect client. From an OpenAI-dialect upstream the bytes are
 * relayed as received, one write per received buffer (only the chunk with the usage is rewritten: held
 * back when the gateway asked for it on its own account, else given its cost); from any other dialect the
 * canonical events are encoded as chunks. A client that reads slowly pauses the upstream. A stream that fails ends with an error event, never with [DONE].
 */
final class OpenAiStreamWriter implements StreamListener {

    private final HttpServerResponse response;
    private final UpstreamStream upstream;
    private final boolean relay;
    private final boolean clientWantsUsage;
    private final OpenAiChunks chunks;
    private final Function<Usage, BigDecimal> pricer;
    private boolean doneSent;

    OpenAiStreamWriter(HttpServerResponse response, UpstreamStream upstream, OpenAiChunks chunks,
                       Function<Usage, BigDecimal> pricer) {
        this.response = response;
        this.upstream = upstream;
        this.relay = upstream.dialect().equals(dev.llmgate.provider.openai.OpenAiDialect.ID);
        this.clientWantsUsage = chunks.includesUsage();
        this.chunks = chunks;
        this.pricer = pricer;
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

    /** The received bytes as they came, but for the chunk that carries the usage (see {@link #usageChunk}). */
    private Buffer relayed(SseBatch batch, List<Decoded> decoded) {
        Buffer[] replaced = null;
        for (int i = 0; i < decoded.size(); i++) {
            Decoded d = decoded.get(i);
            doneSent |= d.event().isDone();
            Buffer replacement = usageChunk(d);
            if (replacement != null) {
                replaced = replaced == null ? new Buffer[decoded.size()] : replaced;
                replaced[i] = replacement;
            }
        }
        if (replaced == null) {
            return batch.raw();
        }
        Buffer out = Buffer.buffer(batch.raw().length() + 32);
        int cursor = 0;
        for (int i = 0; i < decoded.size(); i++) {
            SseEvent event = decoded.get(i).event();
            out.appendBuffer(batch.raw(), cursor, event.start() - cursor);
            if (replaced[i] == null) {
                out.appendBuffer(batch.raw(), event.start(), event.end() - event.start());
            } else {
                out.appendBuffer(replaced[i]);
            }
            cursor = event.end();
        }
        out.appendBuffer(batch.raw(), cursor, batch.raw().length() - cursor);
        return out;
    }

    /**
     * What to send instead of the chunk that carries the stream's usage (the only chunk parsed twice, once
     * per stream): nothing, for the usage-only chunk the gateway asked for on its own account when the client
     * did not; the chunk with {@code usage.cost} added when the cost is known; else null (as received).
     */
    private Buffer usageChunk(Decoded d) {
        Usage usage = null;
        for (StreamEvent event : d.events()) {
            if (event instanceof StreamEvent.Finished f) {
                usage = f.usage();
            }
        }
        if (usage == null || d.event().isDone()) {
            return null;
        }
        ObjectNode chunk = d.event().json();
        JsonNode choices = chunk.get("choices");
        if (!clientWantsUsage && (choices == null || choices.isEmpty())) {
            return Buffer.buffer();
        }
        BigDecimal cost = pricer.apply(usage);
        if (cost == null || !(chunk.get("usage") instanceof ObjectNode wireUsage)) {
            return null;
        }
        OpenAiResponseCodec.putCost(wireUsage, cost);
        return OpenAiChunks.event(chunk);
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
