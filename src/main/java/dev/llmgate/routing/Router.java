package dev.llmgate.routing;

import dev.llmgate.catalog.Registry;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.provider.Answer;
import dev.llmgate.provider.ProviderRegistry;
import dev.llmgate.provider.UpstreamStream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a request from its candidate routes: in order, retrying a route on a retryable failure with backoff
 * that honours Retry-After, then falling back to the next; a non-retryable error is returned at once, except
 * a context-length error, which moves on to a route with a larger window. A stream falls back until its
 * first event decoded, before any byte reached the client. Every attempt feeds the route's statistics and
 * cooldown (a stream's when it ends: one that breaks after it started counts as a failure of its route).
 */
public final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** More attempts than this for one request is a loop, not resilience. */
    private static final int MAX_ATTEMPTS = 10;

    private final Vertx vertx;
    private final Registry registry;
    private final ProviderRegistry providers;
    private final Sources sources;
    private final AtomicReference<Policy> policy = new AtomicReference<>();
    private final Map<String, RouteStats> stats = new ConcurrentHashMap<>();

    /** Where the router's chance and time come from (seeded and fixed in tests). */
    public record Sources(RandomGenerator random, Clock clock) {
        public static Sources system() {
            return new Sources(RandomGenerator.getDefault(), Clock.systemUTC());
        }
    }

    /** The settings and what is built from them, swapped whole on a reload. */
    private record Policy(RouterSettings settings, Resolver resolver, RouteOrder order, Backoff backoff) {}

    /**
     * One kind of upstream call: how to send it, how long a successful one waited on the upstream, and how
     * its outcome reaches the route's statistics.
     */
    private record Call<T>(Function<Candidate, Future<T>> send, ToLongFunction<T> upstreamNanos,
                           BiConsumer<T, RouteStats> settle) {}

    public Router(Vertx vertx, Registry registry, ProviderRegistry providers, RouterSettings settings,
                  Sources sources) {
        this.vertx = vertx;
        this.registry = registry;
        this.providers = providers;
        this.sources = sources;
        reconfigure(settings);
    }

    /** Applies new settings to requests that start from now on; statistics and cooldowns are kept. */
    public void reconfigure(RouterSettings settings) {
        policy.set(new Policy(settings, new Resolver(registry, providers, settings.checks(), sources.clock()),
                new RouteOrder(settings.strategy(), sources.random(), settings.cooldown().toNanos()),
                new Backoff(settings.maxRetryWait(), sources.random())));
    }

    /** The date lifecycle rules apply on (a model past its sunset date is sunset). */
    public LocalDate today() {
        return LocalDate.now(sources.clock());
    }

    /** Resolves the request (model spec checks included) without calling anything: a 4xx here reaches no upstream. */
    public Resolution resolve(ChatRequest request) {
        return policy.get().resolver().resolve(request);
    }

    public Future<Attempted<Answer>> chat(Resolution resolution) {
        return run(resolution, new Call<Answer>(
                candidate -> providers.forDialect(candidate.upstream().dialect())
                        .chat(candidate.upstream(), candidate.request()),
                answer -> answer.timing().upstreamNanos(),
                (answer, routeStats) -> routeStats.success(answer.timing().upstreamNanos(),
                        answer.timing().timeToFirstByteNanos(), sources.clock().instant())));
    }

    /**
     * A stream is committed once its first event decoded; latency and time to first token are measured to
     * that event, and its route's statistics hear how it ended.
     */
    public Future<Attempted<UpstreamStream>> stream(Resolution resolution) {
        return run(resolution, new Call<UpstreamStream>(
                candidate -> providers.forDialect(candidate.upstream().dialect())
                        .stream(candidate.upstream(), candidate.request()),
                stream -> stream.firstEventNanos() - stream.sentNanos(),
                (stream, routeStats) -> stream.finished().onComplete(ended -> {
                    long toFirstEvent = stream.firstEventNanos() - stream.sentNanos();
                    if (ended.succeeded()) {
                        routeStats.success(toFirstEvent, toFirstEvent, sources.clock().instant());
                    } else if (ended.cause() instanceof GatewayException error && isUpstreamFault(error)) {
                        failed(routeStats, policy.get().settings());
                    }
                })));
    }

    /** Per-route statistics, by route key ({@code platform/model_string}). */
    public Map<String, RouteStats.View> statistics() {
        long now = System.nanoTime();
        Map<String, RouteStats.View> views = new java.util.TreeMap<>();
        stats.forEach((key, value) -> views.put(key, value.view(now)));
        return views;
    }

    private <T> Future<Attempted<T>> run(Resolution resolution, Call<T> call) {
        Policy current = policy.get();
        List<Candidate> ordered;
        try {
            ordered = current.order().order(resolution.candidates(), stats, resolution.promptTokens(),
                    System.nanoTime());
        } catch (GatewayException e) {
            return Future.succeededFuture(new Attempted.Failed<>(e, Attempts.NONE, resolution));
        }
        Promise<Attempted<T>> result = Promise.promise();
        new Walk<>(current, resolution, ordered, call, result).next(0, 0, null);
        return result.future();
    }

    /** Records a failure; returns whether the route now cools down. */
    private boolean failed(RouteStats routeStats, RouterSettings settings) {
        return routeStats.failure(sources.clock().instant(), settings.cooldownFailures(),
                System.nanoTime() + settings.cooldown().toNanos());
    }

    /** One request's walk through its candidates, tallying its attempts and its time on upstreams. */
    private final class Walk<T> {
        private final Policy policy;
        private final Resolution resolution;
        private final List<Candidate> ordered;
        private final Call<T> call;
        private final Promise<Attempted<T>> result;
        private int attempts;
        private Candidate last;
        private long upstreamNanos;

        Walk(Policy policy, Resolution resolution, List<Candidate> ordered, Call<T> call,
             Promise<Attempted<T>> result) {
            this.policy = policy;
            this.resolution = resolution;
            this.ordered = ordered;
            this.call = call;
            this.result = result;
        }

        void next(int index, int retry, GatewayException lastError) {
            if (index >= ordered.size() || attempts >= MAX_ATTEMPTS) {
                fail(lastError != null ? lastError
                        : policy.order().coolingDown(ordered, stats, System.nanoTime()));
                return;
            }
            Candidate candidate = ordered.get(index);
            RouteStats routeStats = stats.computeIfAbsent(candidate.key(), k -> new RouteStats());
            if (retry == 0 && !routeStats.admits(System.nanoTime(), policy.order().probeTimeoutNanos())) {
                next(index + 1, 0, lastError); // cooling down, or another request is probing it
                return;
            }
            attempts++;
            last = candidate;
            long started = System.nanoTime();
            call.send().apply(candidate).onComplete(ar -> {
                if (ar.succeeded()) {
                    upstreamNanos += call.upstreamNanos().applyAsLong(ar.result());
                    call.settle().accept(ar.result(), routeStats);
                    result.complete(new Routed<>(ar.result(), tally(), resolution));
                    return;
                }
                upstreamNanos += System.nanoTime() - started;
                GatewayException error = ar.cause() instanceof GatewayException g ? g : fault(candidate, ar.cause());
                boolean cooling = isUpstreamFault(error) && failed(routeStats, policy.settings());
                afterFailure(index, cooling ? policy.settings().retries() : retry, candidate, error);
            });
        }

        private void afterFailure(int index, int retry, Candidate candidate, GatewayException error) {
            if (error.isContextLengthExceeded()) {
                int larger = nextWithLargerWindow(index, candidate.contextWindow());
                if (larger < 0) {
                    fail(error);
                } else {
                    next(larger, 0, error);
                }
                return;
            }
            if (!error.retryable()) {
                fail(error);
                return;
            }
            RouterSettings settings = policy.settings();
            Duration wait = retry < settings.retries() ? policy.backoff().before(retry, error.retryAfter()) : null;
            if (wait == null) {
                next(index + 1, 0, error);
            } else if (wait.isZero()) {
                next(index, retry + 1, error);
            } else {
                long waiting = System.nanoTime();
                vertx.setTimer(Math.max(1, wait.toMillis()), id -> {
                    upstreamNanos += System.nanoTime() - waiting; // the upstream asked for it, or failed: not ours
                    next(index, retry + 1, error);
                });
            }
        }

        private void fail(GatewayException error) {
            result.complete(new Attempted.Failed<>(error, tally(), resolution));
        }

        private Attempts tally() {
            return new Attempts(attempts, last, upstreamNanos);
        }

        private int nextWithLargerWindow(int index, int window) {
            for (int i = index + 1; i < ordered.size(); i++) {
                if (ordered.get(i).contextWindow() > window) {
                    return i;
                }
            }
            return -1;
        }
    }

    /**
     * The transport reports every upstream failure as a gateway exception: anything else is a fault of ours
     * (a translation bug), which another attempt would only repeat. It is logged and answered as a 500.
     */
    private static GatewayException fault(Candidate candidate, Throwable cause) {
        LOG.error("an attempt on {} failed inside the gateway", candidate.key(), cause);
        return new GatewayException.GatewayFault("The gateway failed while preparing or reading the call to "
                + candidate.key() + ".");
    }

    /** Failures that say something about the route (not about the request). */
    private static boolean isUpstreamFault(GatewayException error) {
        return error.retryable();
    }
}
