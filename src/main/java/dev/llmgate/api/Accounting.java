package dev.llmgate.api;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.GatewayOptions;
import dev.llmgate.chat.TokenCounter;
import dev.llmgate.chat.Usage;
import dev.llmgate.routing.Candidate;
import dev.llmgate.routing.Resolution;
import dev.llmgate.usage.Cost;
import dev.llmgate.usage.CostCalculator;
import dev.llmgate.usage.RouteOption;
import dev.llmgate.usage.UsageRecord;
import dev.llmgate.usage.UsageServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.util.List;

/**
 * Turns what happened to a request into its usage record and hands it to the recorder: priced from the
 * catalog, with the tokens the upstream reported or, when it reported none (a stream cut short, a client
 * that left), counted. Offering waits only when the recorder's queue is full, which is how a slow store
 * pushes back on new answers instead of losing records.
 */
public final class Accounting {

    private final Vertx vertx;
    private final UsageServices usage;

    public Accounting(Vertx vertx, UsageServices usage) {
        this.vertx = vertx;
        this.usage = usage;
    }

    /** What a served request's usage cost on the candidate that served it; null when there is no usage. */
    public Cost cost(Candidate served, Usage tokens) {
        return tokens == null ? null : usage.calculator().price(served.model(), served.key(), tokens);
    }

    /** The total of {@link #cost}, null when unknown. */
    public BigDecimal price(Candidate served, Usage tokens) {
        Cost cost = cost(served, tokens);
        return cost == null ? null : cost.total();
    }

    /** Whether records are taken at once now; when not, answers wait for their record to be taken. */
    public boolean recorderHasRoom() {
        return usage.recorder().hasRoom();
    }

    /** What is known about how a request was answered, for its record. */
    public record Served(Candidate candidate, int attempts, Resolution resolution) {}

    /** A request that was answered (or failed, or was left) after a route was chosen. */
    public Future<Void> answered(Exchange exchange, ChatRequest request, Served served, Outcome outcome) {
        if (outcome.tokens() != null) {
            return offer(record(exchange, request, served, outcome, outcome.tokens()));
        }
        // no usage from the upstream: count what went up and what came back, off the event loop
        return vertx.executeBlocking(() -> counted(request, served, outcome.partial()), false)
                .compose(tokens -> offer(record(exchange, request, served, outcome, tokens)));
    }

    /**
     * How an answered request ended: its outcome, the upstream's usage (null when none), the answer so far,
     * and its cost when already computed for the answer (else null: priced here).
     */
    public record Outcome(UsageRecord.Outcome status, Usage tokens, ChatResponse partial, Long firstTokenNanos,
                          Cost cost) {}

    /** A cache hit: no upstream, cost zero, and what the same answer cost when it was made. */
    public Future<Void> hit(Exchange exchange, ChatRequest request, Resolution resolution, Usage tokens) {
        Candidate first = resolution.candidates().getFirst();
        Cost priced = usage.calculator().price(first.model(), first.key(), tokens == null ? zero() : tokens);
        UsageRecord record = new UsageRecord(exchange.requestId(), exchange.startedAt(), caller(request),
                new UsageRecord.Served(request.model(), modelName(first), first.route().platform(),
                        first.model() == null ? null : first.model().provider(), first.key(), 0, request.isStream()),
                UsageRecord.Outcome.success(), tokens, Cost.free(priced.currency(), usage.calculator().catalogVersion()),
                timings(exchange, null), new UsageRecord.CacheUse(true, priced.total()), null);
        return offer(record);
    }

    /**
     * A request that failed before any answer: refused, unroutable, or every route it tried failed.
     * {@code served} says what was tried (null when the request never got that far): the attempts, and the
     * last route tried (null when none was, e.g. every route cooling down); the model is then the first
     * candidate's.
     */
    public Future<Void> failed(Exchange exchange, ChatRequest request, Served served, Throwable failure) {
        GatewayException error = failure instanceof GatewayException g ? g : null;
        Candidate tried = served == null ? null : served.candidate();
        Candidate named = tried != null ? tried : served == null || served.resolution() == null ? null
                : served.resolution().candidates().getFirst();
        UsageRecord record = new UsageRecord(exchange.requestId(), exchange.startedAt(), caller(request),
                new UsageRecord.Served(request == null ? "" : request.model(), named == null ? null : modelName(named),
                        tried == null ? null : tried.route().platform(),
                        named == null || named.model() == null ? null : named.model().provider(),
                        tried == null ? null : tried.key(), served == null ? 0 : served.attempts(),
                        request != null && request.isStream()),
                UsageRecord.Outcome.error(error == null ? 500 : error.status(), errorType(error)), zero(),
                Cost.free(null, usage.calculator().catalogVersion()), timings(exchange, null),
                UsageRecord.CacheUse.MISS, null);
        return offer(record);
    }

    private UsageRecord record(Exchange exchange, ChatRequest request, Served served, Outcome outcome, Usage tokens) {
        Candidate candidate = served.candidate();
        Cost cost = outcome.cost() != null && tokens == outcome.tokens() ? outcome.cost()
                : usage.calculator().price(candidate.model(), candidate.key(), tokens);
        List<RouteOption> options = served.resolution().candidates().stream()
                .map(c -> new RouteOption(c.route(), c.model())).toList();
        BigDecimal dearest = CostCalculator.mostExpensive(options, tokens).orElse(null);
        return new UsageRecord(exchange.requestId(), exchange.startedAt(), caller(request),
                new UsageRecord.Served(request.model(), modelName(candidate), candidate.route().platform(),
                        candidate.model() == null ? null : candidate.model().provider(), candidate.key(),
                        served.attempts(), request.isStream()),
                outcome.status(), tokens, cost, timings(exchange, outcome.firstTokenNanos()),
                UsageRecord.CacheUse.MISS, dearest);
    }

    private static Usage counted(ChatRequest request, Served served, ChatResponse partial) {
        long prompt = served.resolution().promptTokens() >= 0 ? served.resolution().promptTokens()
                : TokenCounter.prompt(served.candidate().request());
        long output = 0;
        if (partial != null && !partial.choices().isEmpty()) {
            var message = partial.choices().getFirst().message();
            String text = message.text();
            output = TokenCounter.count(text);
            for (var call : message.toolCalls()) {
                output += TokenCounter.count(call.name()) + TokenCounter.count(call.arguments());
            }
        }
        return new Usage(prompt, output, 0, 0, 0, Extras.NONE);
    }

    private Future<Void> offer(UsageRecord record) {
        return usage.recorder().offer(record).recover(e -> Future.succeededFuture());
    }

    private static UsageRecord.Caller caller(ChatRequest request) {
        if (request == null) {
            return UsageRecord.Caller.NONE;
        }
        GatewayOptions.Attribution attribution = request.gateway().attribution();
        String user = attribution.userId() != null ? attribution.userId() : request.user();
        return new UsageRecord.Caller(null, user, attribution.sessionId(), attribution.tags());
    }

    private static UsageRecord.Timings timings(Exchange exchange, Long firstTokenNanos) {
        long now = System.nanoTime();
        return new UsageRecord.Timings((now - exchange.startNanos()) / 1e6,
                firstTokenNanos == null ? null : (firstTokenNanos - exchange.startNanos()) / 1e6,
                exchange.overheadNanos() / 1e6);
    }

    private static String modelName(Candidate candidate) {
        return candidate.model() != null ? candidate.model().id() : candidate.key();
    }

    private static String errorType(GatewayException error) {
        if (error == null) {
            return "internal_error";
        }
        return error.code() != null ? error.code() : error.getClass().getSimpleName();
    }

    private static Usage zero() {
        return new Usage(0, 0, 0, 0, 0, Extras.NONE);
    }
}
