package dev.llmgate.provider;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.chat.Usage;
import dev.llmgate.provider.http.HttpStream;
import dev.llmgate.provider.http.SseBatch;
import dev.llmgate.provider.http.SseEvent;
import dev.llmgate.provider.http.SseParser;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An accepted upstream stream: received buffers are framed into SSE events, decoded by the dialect's
 * decoder, and handed to one listener together with their raw bytes. Backpressure and cancellation go
 * straight to the upstream connection.
 *
 * <p>A stream is primed before anyone commits to it: it is read until its first SSE event decodes, and what
 * came until then (comments, that event) is held and replayed to the listener on {@link #start}. A 200 whose
 * first event is an error, or that goes quiet or breaks before its first event, fails {@link #prime} instead,
 * so the router can still try another route: nothing has reached the client yet.
 */
public final class UpstreamStream {

    /** At most this much is gathered before it is handed on, whatever the turn of the event loop. */
    private static final int COALESCE_LIMIT = 64 * 1024;

    private final Upstream upstream;
    private final HttpStream http;
    private final StreamDecoder decoder;
    private final List<String> warnings;
    private final SseParser parser = new SseParser();
    private final Promise<Void> primed = Promise.promise();
    private final Promise<Void> finished = Promise.promise();
    private List<Consumer<StreamListener>> held = new ArrayList<>();
    private StreamListener listener;
    private long firstEventNanos;
    private boolean failed;
    private boolean ended;
    private boolean cancelled;
    private boolean heldBack;
    private Context context;
    private Buffer pending;
    private boolean gathering;

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

    /** When the first SSE event was decoded (0 before the stream is primed). */
    public long firstEventNanos() {
        return firstEventNanos;
    }

    /**
     * How the stream ended once primed: completes after a clean end or a cancellation, fails with the error
     * that broke it (the route's fault, for its statistics).
     */
    public Future<Void> finished() {
        return finished.future();
    }

    /** Reads up to the first decoded event and pauses there; fails when the stream fails before it. */
    Future<Void> prime() {
        context = Vertx.currentContext();
        http.start(this::onData, v -> onEnd(), this::onBroken);
        return primed.future();
    }

    /** Hands the stream to {@code target}: what was held while priming first, then the rest as it comes. */
    public void start(StreamListener target) {
        this.listener = target;
        List<Consumer<StreamListener>> replay = held;
        held = null;
        replay.forEach(event -> event.accept(target));
        if (!failed && !ended && !cancelled && !heldBack) {
            http.resume(); // unless the listener's client was already full from what was held
        }
    }

    /** Stops reading the upstream (its client cannot take more) until {@link #resume}. */
    public void pause() {
        heldBack = true;
        http.pause();
    }

    public void resume() {
        heldBack = false;
        http.resume();
    }

    public void cancel() {
        cancelled = true;
        pending = null;
        http.cancel();
        finished.tryComplete();
    }

    private void emit(Consumer<StreamListener> event) {
        if (listener != null) {
            event.accept(listener);
        } else {
            held.add(event);
        }
    }

    /** The first event decoded: the stream is worth committing to; it waits, paused, for its listener. */
    private void markPrimed() {
        if (firstEventNanos == 0) {
            firstEventNanos = System.nanoTime();
            if (listener == null && !failed && !ended) {
                http.pause();
            }
            primed.complete();
        }
    }

    /**
     * Pieces received in one turn of the event loop are parsed and handed on together at its end: an upstream
     * that writes many small events at once then costs one client write, not one per event.
     */
    private void onData(Buffer buffer) {
        if (pending == null) {
            if (context == null) {
                deliver(parser.feed(buffer)); // not on a Vert.x thread: nothing to wait for
                return;
            }
            pending = buffer; // the usual turn brings one piece: kept as it came, copied only if more follow
            context.runOnContext(v -> flush());
            return;
        }
        if (!gathering) {
            pending = Buffer.buffer(Math.max(1024, 2 * (pending.length() + buffer.length())))
                    .appendBuffer(pending);
            gathering = true;
        }
        pending.appendBuffer(buffer);
        if (pending.length() >= COALESCE_LIMIT) {
            flush(); // a fast upstream: hand it on now, so that a full client pauses it in time
        }
    }

    private void flush() {
        Buffer received = pending;
        pending = null;
        gathering = false;
        if (received != null && !cancelled) {
            deliver(parser.feed(received));
        }
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
                failed = true;
                http.cancel();
                if (firstEventNanos == 0 && decoded.isEmpty()) {
                    primed.fail(error); // the upstream's first word was an error: another route may serve
                    return;
                }
                decoded.add(new StreamListener.Decoded(event, List.<StreamEvent>of()));
                SseBatch partial = new SseBatch(batch.raw().slice(0, event.end()),
                        batch.events().subList(0, decoded.size()));
                emit(target -> target.onBatch(partial, decoded));
                markPrimed();
                broke(error, true);
                return;
            }
        }
        emit(target -> target.onBatch(batch, decoded));
        if (!decoded.isEmpty()) {
            markPrimed();
        }
    }

    private void onEnd() {
        flush();
        deliver(parser.finish());
        if (failed) {
            return;
        }
        ended = true;
        List<StreamEvent> closing;
        try {
            closing = decoder.end(parser.remainder());
        } catch (GatewayException error) {
            onBroken(error);
            return;
        }
        markPrimed(); // an empty stream the dialect accepts is an answer too
        emit(target -> target.onEnd(closing));
        finished.tryComplete();
    }

    /** The connection failed, timed out, or the answer was cut short. */
    private void onBroken(GatewayException error) {
        flush();
        if (failed) {
            return; // what came before the break already failed the stream
        }
        failed = true;
        if (firstEventNanos == 0) {
            primed.fail(error);
            return;
        }
        broke(error, false);
    }

    private void broke(GatewayException error, boolean inBand) {
        emit(target -> target.onError(error, inBand));
        finished.tryFail(error);
    }
}
