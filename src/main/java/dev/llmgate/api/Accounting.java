package dev.llmgate.api;

import dev.llmgate.catalog.Pricing;
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
import java.math.BigDecimal;
import java.util.List;

/**
 * Turns what happened to a request into its usage record and hands it to the recorder: priced from the
 * catalog, with the tokens the upstream reported or, when it did not report them all (a stream cut short, a
 * client that left), the rest counted. A slow store pushes back: new requests wait to be {@linkplain #admit
 * admitted} while the recorder's queue is full, and are refused (503) once too many wait, rather than any
 * record being lost.
 */
public final class Accounting {

    private final UsageServices usage;

    public Accounting(UsageServices usage) {
        this.usage = usage;
    }

    /**
     * Completes when a new request may go on: at once while the recorder has room, later when the store has
     * caught up; fails with a 503 ({@code usage_backlog}) when too many requests and records already wait.
     * Called before any upstream is, so a refused request costs nothing.
     */
    public Future<Void> admit() {
        return usage.recorder().admit();
    }

    /** What a served request's usage cost on the candidate that served it; null when there is no usage. */
    public Cost cost(Candidate served, Usage tokens) {
        return tokens == null ? null : usage.calculator().price(served.model(), served.route(), tokens);
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
        // no final usage from the upstream: count what it did not report, off the event loop, on threads that
        // a shutdown waits for (the record's times are taken now, when the request ended)
        UsageRecord.Timings timings = timings(exchange, outcome.firstTokenNanos());
        return usage.pending().offer(() -> record(exchange, request, served, outcome,
                counted(request, served, outcome.partial()), timings)).recover(e -> Future.succeededFuture());
    }

    /**
     * How an answered request ended: its outcome, the upstream's final usage (null when none), the answer so
     * far (its usage, when set without a final one, is what the upstream reported before it stopped), and its
     * cost when already computed for the answer (else null: priced here).
     */
    public record Outcome(UsageRecord.Outcome status, Usage tokens, ChatResponse partial, Long firstTokenNanos,
                          Cost cost) {}

    /**
     * A cache hit: no upstream, cost zero, and what the same answer would have cost upstream, priced here once
     * and quietly (the hit's own cost is known: zero, so it is no unpriced request). Returns that saving (null
     * when the model has no price or the answer no usage) for the cache's statistics.
     */
    public BigDecimal hit(Exchange exchange, ChatRequest request, Resolution resolution, Usage tokens) {
        Candidate first = resolution.candidates().getFirst();
        BigDecimal saved = tokens == null ? null : usage.calculator().worth(first.model(), first.route(), tokens);
        Pricing pricing = first.model() == null ? null : first.model().pricingOn(first.route());
        String currency = pricing == null ? null : pricing.currency();
        UsageRecord record = new UsageRecord(exchange.requestId(), exchange.startedAt(), caller(request),
                new UsageRecord.Served(request.model(), modelName(first), first.route().platform(),
                        first.model() == null ? null : first.model().provider(), first.key(), 0, request.isStream()),
                UsageRecord.Outcome.success(), tokens, Cost.free(currency, usage.calculator().catalogVersion()),
                timings(exchange, null), new UsageRecord.CacheUse(true, saved), null);
        offer(record);
        return saved;
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
        return record(exchange, request, served, outcome, tokens, timings(exchange, outcome.firstTokenNanos()));
    }

    private UsageRecord record(Exchange exchange, ChatRequest request, Served served, Outcome outcome, Usage tokens,
                               UsageRecord.Timings timings) {
        Candidate candidate = served.candidate();
        Cost cost = outcome.cost() != null && tokens == outcome.tokens() ? outcome.cost()
                : usage.calculator().price(candidate.model(), candidate.route(), tokens);
        List<RouteOption> options = served.resolution().candidates().stream()
                .map(c -> new RouteOption(c.route(), c.model())).toList();
        BigDecimal dearest = CostCalculator.mostExpensive(options, tokens).orElse(null);
        return new UsageRecord(exchange.requestId(), exchange.startedAt(), caller(request),
                new UsageRecord.Served(request.model(), modelName(candidate), candidate.route().platform(),
                        candidate.model() == null ? null : candidate.model().provider(), candidate.key(),
                        served.attempts(), request.isStream()),
                outcome.status(), tokens, cost, timings, UsageRecord.CacheUse.MISS, dearest);
    }

    /**
     * The tokens of a request whose upstream gave no final usage: what it reported before it stopped (an
     * Anthropic stream's input count comes first) is kept, and only what it did not report is counted with
     * the o200k tokenizer — the prompt when no input count came, the output so far (a count reported early
     * is a lower bound: the larger figure is taken).
     */
    static Usage counted(ChatRequest request, Served served, ChatResponse partial) {
        Usage reported = partial == null ? null : partial.usage();
        long prompt;
        if (reported != null && reported.input() > 0) {
            prompt = reported.input();
        } else {
            prompt = served.resolution().promptTokens() >= 0 ? served.resolution().promptTokens()
                    : TokenCounter.prompt(served.candidate().request());
        }
        long output = 0;
        if (partial != null && !partial.choices().isEmpty()) {
            var message = partial.choices().getFirst().message();
            output = TokenCounter.count(message.text());
            for (var call : message.toolCalls()) {
                output += TokenCounter.count(call.name()) + TokenCounter.count(call.arguments());
            }
        }
        if (reported == null) {
            return new Usage(prompt, output, 0, 0, 0, Extras.NONE);
        }
        return new Usage(prompt, Math.max(output, reported.output()), reported.cacheRead(), reported.cacheWrite(),
                reported.reasoning(), Extras.NONE);
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
        return new UsageRecord.Caller(null, user, attribution.sessionId(), attribution.tags(),
                attribution.requestId());
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
