package dev.llmgate.api;

import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.StreamAssembler;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.chat.Usage;
import dev.llmgate.provider.StreamListener;
import dev.llmgate.provider.http.SseBatch;
import dev.llmgate.usage.UsageRecord;
import java.util.List;
import java.util.function.Supplier;

/**
 * Watches a stream on its way to the client's writer: folds its events into the whole answer (the cache
 * copy, and what to count when the upstream reported no usage) and notes when the first token came. Reports
 * exactly once how the stream ended — cleanly, failed, or left by the client — with the answer handed on
 * as complete only after a clean end that the writer could write. A stream that ends without its final
 * usage hands on, in the answer so far, what the upstream had reported of it (Anthropic's input count
 * arrives first), so that only the rest is counted.
 */
final class StreamTap implements StreamListener {

    /** How a stream ended; {@code complete} is the whole answer after a clean end, else null. */
    interface Ending {
        void ended(Accounting.Outcome outcome, ChatResponse complete);
    }

    private final StreamListener client;
    private final Ending ending;
    private final Supplier<Usage> reportedSoFar;
    private final StreamAssembler assembler = new StreamAssembler();
    private Long firstTokenNanos;
    private boolean broken;
    private boolean reported;

    /** {@code reportedSoFar}: the usage the upstream has reported before its end (null when none). */
    StreamTap(StreamListener client, Supplier<Usage> reportedSoFar, Ending ending) {
        this.client = client;
        this.reportedSoFar = reportedSoFar;
        this.ending = ending;
    }

    @Override
    public void onBatch(SseBatch batch, List<Decoded> decoded) {
        for (Decoded d : decoded) {
            for (StreamEvent event : d.events()) {
                if (firstTokenNanos == null && !(event instanceof StreamEvent.Started)) {
                    firstTokenNanos = System.nanoTime();
                }
                assembler.accept(event);
            }
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
        ChatResponse answer = assembler.toResponse();
        boolean complete = !broken && assembler.isFinished();
        report(new Accounting.Outcome(UsageRecord.Outcome.success(), answer.usage(), soFar(answer), firstTokenNanos,
                null), complete ? answer : null);
    }

    @Override
    public void onError(GatewayException error, boolean inBand) {
        broken = true;
        client.onError(error, inBand);
        ChatResponse answer = assembler.toResponse();
        String type = error.code() != null ? error.code() : error.getClass().getSimpleName();
        report(new Accounting.Outcome(UsageRecord.Outcome.error(error.status(), type), answer.usage(), soFar(answer),
                firstTokenNanos, null), null);
    }

    /** The client went away: the upstream was cancelled, and the tokens so far are what gets accounted. */
    void clientLeft() {
        ChatResponse answer = assembler.toResponse();
        report(new Accounting.Outcome(UsageRecord.Outcome.clientClosed(), answer.usage(), soFar(answer),
                firstTokenNanos, null), null);
    }

    /** An answer of which nothing has come yet, with what the upstream reported of its usage (or null). */
    static ChatResponse nothingYet(Usage reported) {
        return new StreamAssembler().toResponse().withUsage(reported);
    }

    /**
     * The answer so far: with the usage it ended with (only the final event carries one) or else with what the
     * upstream had reported of it until now.
     */
    private ChatResponse soFar(ChatResponse answer) {
        return answer.usage() != null ? answer : answer.withUsage(reportedSoFar.get());
    }

    private void report(Accounting.Outcome outcome, ChatResponse complete) {
        if (!reported) {
            reported = true;
            ending.ended(outcome, complete);
        }
    }
}
