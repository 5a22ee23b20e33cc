package dev.llmgate.cache;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.GatewayOptions;
import dev.llmgate.chat.Usage;
import dev.llmgate.config.ConfigLoader.ConfigException;
import dev.llmgate.observe.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response cache as the request path uses it: decides per request what the cache may do (configuration,
 * the body's {@code use_cache} / {@code cache_ttl_hours}, the client's cache headers), looks answers up,
 * keeps answers, and counts what happened (in {@code /api/cache/stats} and as {@code llmgate_cache_*} metrics).
 * A backend that fails is never the request's failure: the request is served uncached and the failure is counted.
 */
public final class Caching implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Caching.class);
    private static final Duration SQL_RETRY_INTERVAL = Duration.ofSeconds(5);

    private final CacheSettings settings;
    private final ResponseCache backend;
    private final Clock clock;
    private final Counters counters = new Counters();

    /**
     * {@code backend} may be null only when the settings turn the cache off. What the cache does, and whether
     * its backend is reachable, is registered in {@code metrics}.
     */
    public Caching(CacheSettings settings, ResponseCache backend, Clock clock, Metrics metrics) {
        if (settings.enabled() && backend == null) {
            throw new IllegalArgumentException("an enabled cache needs a backend");
        }
        this.settings = settings;
        this.backend = settings.enabled() ? backend : null;
        this.clock = clock;
        register(metrics);
    }

    /**
     * The cache the settings describe, with its backend opened. {@code store} is the SQL store's data source
     * for the sql backend (null when the store is not running).
     */
    public static Caching open(CacheSettings settings, Vertx vertx, DataSource store, Metrics metrics) {
        Clock clock = Clock.systemUTC();
        if (!settings.enabled()) {
            return new Caching(settings, null, clock, metrics);
        }
        ResponseCache backend = switch (settings.backend()) {
            case MEMORY -> new MemoryResponseCache(settings.maxBytes(), clock);
            case REDIS -> new RedisResponseCache(vertx, settings.redis(), clock);
            case MEMORY_REDIS -> new TieredResponseCache(
                    new MemoryResponseCache("memory+redis", settings.maxBytes(), clock),
                    new RedisResponseCache(vertx, settings.redis(), clock), clock);
            case SQL -> {
                if (store == null) {
                    throw new ConfigException("cache.backend sql needs the SQL store, which is not running; "
                            + "use memory, redis or memory+redis.");
                }
                yield new SqlResponseCache(vertx, store, clock, SQL_RETRY_INTERVAL);
            }
        };
        return new Caching(settings, backend, clock, metrics);
    }

    public boolean enabled() {
        return backend != null;
    }

    public CacheSettings settings() {
        return settings;
    }

    /** The backend, for the admin API; null when the cache is off. */
    public ResponseCache backend() {
        return backend;
    }

    /**
     * What the cache does for a request resolved to {@code model}, whose request as prepared for that model
     * is {@code prepared}. Requests for several choices are not cached (a replay speaks for one).
     */
    public CacheDecision decide(String model, ChatRequest prepared, CacheDirectives directives) {
        GatewayOptions options = prepared.gateway();
        if (backend == null || Boolean.FALSE.equals(options.useCache())
                || prepared.sampling().n() != null && prepared.sampling().n() > 1
                || directives.noCache() && directives.noStore()) {
            return CacheDecision.SKIP;
        }
        Duration ttl = directives.ttl() != null ? directives.ttl()
                : options.cacheTtlHours() != null ? CacheSettings.hoursToTtl(options.cacheTtlHours())
                : settings.defaultTtl();
        return new CacheDecision(CacheKey.of(model, prepared), model, !directives.noCache(), !directives.noStore(), ttl);
    }

    /** Looks the answer up; completes (never fails) with a hit, a miss, or a skip when it could not look. */
    public Future<Lookup> lookup(CacheDecision decision) {
        if (!decision.lookup()) {
            counters.skips.increment();
            return Future.succeededFuture(Lookup.Empty.SKIP);
        }
        String id = decision.key().id();
        return backend.get(id).<Lookup>map(entry -> {
            if (entry == null) {
                counters.misses.increment();
                return Lookup.Empty.MISS;
            }
            ChatResponse answer;
            try {
                answer = AnswerCodec.decode(entry.body());
            } catch (RuntimeException unreadable) {
                LOG.warn("Dropping the unreadable cache entry {}: {}", id, unreadable.getMessage());
                backend.remove(id);
                counters.misses.increment();
                return Lookup.Empty.MISS;
            }
            counters.hits.increment();
            return new Lookup.Hit(entry, answer);
        }).otherwise(failure -> {
            counters.lookupFailures.increment();
            counters.skips.increment();
            LOG.debug("cache lookup failed", failure);
            return Lookup.Empty.SKIP;
        });
    }

    /**
     * Counts what serving {@code hit} saved: the cached answer's tokens, and {@code cost}, their price as the
     * caller priced them for the hit's usage record (null when the model has no price).
     */
    public void served(Lookup.Hit hit, BigDecimal cost) {
        backend.recordHit(hit.entry().id(), Savings.of(hit.answer().usage(), cost))
                .onFailure(failure -> LOG.debug("cache hit statistics not recorded", failure));
    }

    /**
     * Keeps an upstream's successful answer, when the decision allows it and the answer came from the model
     * the key names (not from a fallback model). Completes when stored; failures are counted, not raised.
     */
    public Future<Void> store(CacheDecision decision, String servedModel, Supplier<ChatResponse> decoded) {
        if (!decision.storesAnswerOf(servedModel)) {
            return Future.succeededFuture();
        }
        Instant now = clock.instant();
        CacheEntry entry;
        try {
            ChatResponse answer = decoded.get(); // an answer relayed as received is decoded only for this
            if (answer.choices().size() != 1) {
                return Future.succeededFuture();
            }
            Usage usage = answer.usage();
            entry = new CacheEntry(decision.key().id(), decision.model(), AnswerCodec.encode(answer), now,
                    now.plus(decision.ttl()), usage == null ? 0 : usage.input(), usage == null ? 0 : usage.output());
        } catch (RuntimeException unencodable) {
            counters.storeFailures.increment();
            LOG.warn("An answer could not be decoded or encoded for the cache", unencodable);
            return Future.succeededFuture();
        }
        return backend.put(entry).andThen(ar -> {
            if (ar.succeeded()) {
                counters.stores.increment();
            } else {
                counters.storeFailures.increment();
                LOG.debug("cache store failed", ar.cause());
            }
        }).otherwiseEmpty();
    }

    /** What this instance's cache did since it started. */
    public Activity activity() {
        return new Activity(counters.hits.sum(), counters.misses.sum(), counters.skips.sum(), counters.stores.sum(),
                counters.storeFailures.sum(), counters.lookupFailures.sum());
    }

    /** Lookups by outcome, stores, and backend failures, counted by this instance since it started. */
    public record Activity(long hits, long misses, long skips, long stores, long storeFailures,
                           long lookupFailures) {

        /** Hits among the lookups that were made (skips excluded), or 0 before any. */
        public double hitRate() {
            long lookups = hits + misses;
            return lookups == 0 ? 0 : (double) hits / lookups;
        }
    }

    @Override
    public void close() {
        if (backend != null) {
            backend.close();
        }
    }

    private void register(Metrics metrics) {
        String tag = settings.enabled() ? backend.name() : "off";
        metrics.countedBy("llmgate.cache.hits", "Requests answered from the response cache", counters,
                c -> c.hits.sum(), "backend", tag);
        metrics.countedBy("llmgate.cache.misses", "Cache lookups that found no entry (the answer was fetched)",
                counters, c -> c.misses.sum(), "backend", tag);
        metrics.countedBy("llmgate.cache.skips", "Requests the cache was not looked up for (asked not to, or the"
                + " backend unreachable)", counters, c -> c.skips.sum(), "backend", tag);
        metrics.countedBy("llmgate.cache.stores", "Answers kept in the cache", counters, c -> c.stores.sum(),
                "backend", tag);
        metrics.countedBy("llmgate.cache.lookup.failures", "Cache lookups the backend failed (served uncached)",
                counters, c -> c.lookupFailures.sum(), "backend", tag);
        metrics.countedBy("llmgate.cache.store.failures", "Answers the backend failed to keep", counters,
                c -> c.storeFailures.sum(), "backend", tag);
        if (backend == null) {
            return;
        }
        // the backend's own view (BackendHealth): an in-process backend is always available
        metrics.gauge("llmgate.cache.backend.available", "1 while the cache backend is reachable, 0 during an outage",
                () -> backend.health().available() ? 1 : 0, "backend", tag);
        metrics.countedBy("llmgate.cache.backend.outages", "Times the cache backend became unreachable", backend,
                b -> b.health().outages(), "backend", tag);
        metrics.countedBy("llmgate.cache.backend.failed.operations", "Cache backend operations that failed (during"
                + " an outage only the periodic retry is attempted)", backend, b -> b.health().failedOperations(),
                "backend", tag);
    }

    private static final class Counters {
        final LongAdder hits = new LongAdder();
        final LongAdder misses = new LongAdder();
        final LongAdder skips = new LongAdder();
        final LongAdder stores = new LongAdder();
        final LongAdder storeFailures = new LongAdder();
        final LongAdder lookupFailures = new LongAdder();
    }
}
