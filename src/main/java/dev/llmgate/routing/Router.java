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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Serves a request from its candidate routes: in order, retrying a route on a retryable failure with backoff
 * that honours Retry-After, then falling back to the next; a non-retryable error is returned at once, except
 * a context-length error, which moves on to a route with a larger window. A stream falls back only until
 * the upstream has accepted it, before any byte reached the client. Every attempt feeds the route's
 * statistics and cooldown.
 */
public final class Router {

    /** More attempts than this for one request is a loop, not resilience. */
    private static final int MAX_ATTEMPTS = 10;

    private final Vertx vertx;
    private final Registry registry;
    private final ProviderRegistry providers;
    private final RandomGenerator random;
    private final Clock clock;
    private final AtomicReference<Policy> policy = new AtomicReference<>();
    private final Map<String, RouteStats> stats = new ConcurrentHashMap<>();

    /** The settings and what is built from them, swapped whole on a reload. */
    private record Policy(RouterSettings settings, Resolver resolver, RouteOrder order, Backoff backoff) {}

    public Router(Vertx vertx, Registry registry, ProviderRegistry providers, RouterSettings settings,
                  RandomGenerator random) {
        this.vertx = vertx;
        this.registry = registry;
        this.providers = providers;
        this.random = random;
        this.clock = Clock.systemUTC();
        reconfigure(settings);
    }

    /** Applies new settings to requests that start from now on; statistics and cooldowns are kept. */
    public void reconfigure(RouterSettings settings) {
        policy.set(new Policy(settings, new Resolver(registry, providers, settings.checks()),
                new RouteOrder(settings.strategy(), random, settings.cooldown().toNanos()),
                new Backoff(settings.maxRetryWait(), random)));
    }

    /** Resolves the request (model spec checks included) without calling anything: a 4xx here reaches no upstream. */
    public Resolution resolve(ChatRequest request) {
        return policy.get().resolver().resolve(request);
    }

    public Future<Routed<Answer>> chat(Resolution resolution) {
        return run(resolution, (candidate, request) -> providers.forDialect(candidate.upstream().dialect())
                .chat(candidate.upstream(), request),
                answer -> new Timing(answer.timing().upstreamNanos(), answer.timing().timeToFirstByteNanos()));
    }

    /** For a stream, latency is measured to the moment the upstream accepted it (its first byte). */
    public Future<Routed<UpstreamStream>> stream(Resolution resolution) {
        return run(resolution, (candidate, request) -> providers.forDialect(candidate.upstream().dialect())
                .stream(candidate.upstream(), request),
                stream -> new Timing(stream.firstByteNanos() - stream.sentNanos(),
                        stream.firstByteNanos() - stream.sentNanos()));
    }

    /** What an attempt took: in all, and to its first byte. */
    private record Timing(long latencyNanos, long ttftNanos) {}

    /** Per-route statistics, by route key ({@code platform/model_string}). */
    public Map<String, RouteStats.View> statistics() {
        long now = System.nanoTime();
        Map<String, RouteStats.View> views = new java.util.TreeMap<>();
        stats.forEach((key, value) -> views.put(key, value.view(now)));
        return views;
    }

    private <T> Future<Routed<T>> run(Resolution resolution, BiFunction<Candidate, ChatRequest, Future<T>> call,
                                      Function<T, Timing> timing) {
        Policy current = policy.get();
        List<Candidate> ordered = current.order().order(resolution.candidates(), stats, resolution.promptTokens(),
                System.nanoTime());
        Promise<Routed<T>> result = Promise.promise();
        new Attempts<>(current, resolution, ordered, call, timing, result).next(0, 0, 0, null);
        return result.future();
    }

    /** One request's walk through its candidates. */
    private final class Attempts<T> {
        private final RouterSettings settings;
        private final Backoff backoff;
        private final Resolution resolution;
        private final List<Candidate> ordered;
        private final BiFunction<Candidate, ChatRequest, Future<T>> call;
        private final Function<T, Timing> timing;
        private final Promise<Routed<T>> result;

        Attempts(Policy policy, Resolution resolution, List<Candidate> ordered,
                 BiFunction<Candidate, ChatRequest, Future<T>> call, Function<T, Timing> timing,
                 Promise<Routed<T>> result) {
            this.settings = policy.settings();
            this.backoff = policy.backoff();
            this.resolution = resolution;
            this.ordered = ordered;
            this.call = call;
            this.timing = timing;
            this.result = result;
        }

        void next(int index, int retry, int attempts, GatewayException last) {
            if (index >= ordered.size() || attempts >= MAX_ATTEMPTS) {
                result.fail(last);
                return;
            }
            Candidate candidate = ordered.get(index);
            RouteStats routeStats = stats.computeIfAbsent(candidate.key(), k -> new RouteStats());
            call.apply(candidate, candidate.request()).onComplete(ar -> {
                if (ar.succeeded()) {
                    Timing times = timing.apply(ar.result());
                    routeStats.success(times.latencyNanos(), times.ttftNanos(), clock.instant());
                    result.complete(new Routed<>(ar.result(), candidate, attempts + 1, resolution));
                    return;
                }
                GatewayException error = ar.cause() instanceof GatewayException g ? g
                        : new GatewayException.UpstreamUnreachable(String.valueOf(ar.cause().getMessage()),
                                "upstream_unreachable");
                boolean cooling = false;
                if (isUpstreamFault(error)) {
                    cooling = routeStats.failure(clock.instant(), settings.cooldownFailures(),
                            System.nanoTime() + settings.cooldown().toNanos());
                }
                afterFailure(index, cooling ? settings.retries() : retry, attempts + 1, candidate, error);
            });
        }

        private void afterFailure(int index, int retry, int attempts, Candidate candidate, GatewayException error) {
            if ("context_length_exceeded".equals(error.code())) {
                int larger = nextWithLargerWindow(index, candidate.contextWindow());
                if (larger < 0) {
                    result.fail(error);
                } else {
                    next(larger, 0, attempts, error);
                }
                return;
            }
            if (!error.retryable()) {
                result.fail(error);
                return;
            }
            Duration wait = retry < settings.retries() ? backoff.before(retry, error.retryAfter()) : null;
            if (wait == null) {
                next(index + 1, 0, attempts, error);
            } else if (wait.isZero()) {
                next(index, retry + 1, attempts, error);
            } else {
                vertx.setTimer(Math.max(1, wait.toMillis()), id -> next(index, retry + 1, attempts, error));
            }
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

    /** Failures that say something about the route (not about the request). */
    private static boolean isUpstreamFault(GatewayException error) {
        return error.retryable();
    }
}
