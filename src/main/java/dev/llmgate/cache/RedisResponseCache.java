package dev.llmgate.cache;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shared backend: entries in Redis, expiring by Redis TTL, so every instance pointed at the same Redis
 * serves what any of them stored. Layout and atomicity: {@link RedisScripts}.
 *
 * <p>The client is Vert.x's own Redis client rather than Lettuce: it runs on the gateway's event loops and
 * completes Vert.x futures there, so a lookup adds one round trip and no thread hop, and its pooled
 * connections reconnect on their own once Redis is back. Every operation is bounded by a timeout; a failure
 * marks Redis unavailable ({@link BackendHealth}), after which operations fail at once (served uncached)
 * until a periodic retry succeeds.
 */
public final class RedisResponseCache implements ResponseCache {

    private static final int PRUNE_BATCH = 1000;
    private static final int PURGE_BATCH = 500;
    private static final String[] META = {"model", "created_at", "expires_at", "size", "compressed", "input_tokens",
            "output_tokens", "hits", "last_hit_at", "saved_input_tokens", "saved_output_tokens", "saved_cost_nanos"};

    private final Redis redis;
    private final Clock clock;
    private final long timeoutMillis;
    private final BackendHealth health;
    private final String entryPrefix;
    private final String index;
    private final String sizes;
    private final String totals;

    public RedisResponseCache(Vertx vertx, CacheSettings.RedisSettings settings, Clock clock) {
        this.clock = clock;
        this.timeoutMillis = Math.max(1, settings.timeout().toMillis());
        this.health = new BackendHealth("redis", settings.retryInterval());
        String prefix = settings.keyPrefix() + "cache:";
        this.entryPrefix = prefix + "e:";
        this.index = prefix + "index";
        this.sizes = prefix + "sizes";
        this.totals = prefix + "totals";
        this.redis = Redis.createClient(vertx, new RedisOptions()
                .setConnectionString(settings.url())
                .setMaxPoolSize(16)
                .setMaxPoolWaiting(1024)
                .setNetClientOptions(new NetClientOptions()
                        .setConnectTimeout((int) timeoutMillis)
                        .setTcpNoDelay(true)
                        .setTcpKeepAlive(true)));
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Future<CacheEntry> get(String id) {
        Request request = Request.cmd(Command.HMGET).arg(entryPrefix + id).arg("body").arg("model").arg("created_at")
                .arg("expires_at").arg("input_tokens").arg("output_tokens");
        return send(request).map(r -> {
            if (r == null || r.get(0) == null || r.get(3) == null) {
                return null;
            }
            CacheEntry entry = new CacheEntry(id, r.get(1).toString(), r.get(0).toBytes(),
                    Instant.ofEpochMilli(r.get(2).toLong()), Instant.ofEpochMilli(r.get(3).toLong()),
                    r.get(4).toLong(), r.get(5).toLong());
            return entry.isExpired(clock.instant()) ? null : entry;
        });
    }

    @Override
    public Future<Void> put(CacheEntry entry) {
        long ttl = entry.expiresAt().toEpochMilli() - clock.millis();
        if (ttl <= 0) {
            return Future.succeededFuture();
        }
        Request request = eval(RedisScripts.PUT, entryPrefix + entry.id(), index, sizes, totals)
                .arg(entry.id()).arg(ttl).arg(entry.expiresAt().toEpochMilli()).arg(entry.sizeBytes())
                .arg(entry.body()).arg(entry.model()).arg(entry.createdAt().toEpochMilli())
                .arg(entry.inputTokens()).arg(entry.outputTokens()).arg(entry.isCompressed() ? 1 : 0);
        return send(request).mapEmpty();
    }

    @Override
    public Future<Void> recordHit(String id, Savings saved) {
        Request request = eval(RedisScripts.HIT, entryPrefix + id, totals)
                .arg(clock.millis()).arg(saved.inputTokens()).arg(saved.outputTokens())
                .arg(saved.costNanos() == null ? "" : Long.toString(saved.costNanos()));
        return send(request).mapEmpty();
    }

    @Override
    public Future<EntryPage> entries(int offset, int limit) {
        return prune().compose(v -> batch(List.of(Request.cmd(Command.ZCARD).arg(index),
                Request.cmd(Command.ZREVRANGE).arg(index).arg(offset).arg(offset + limit - 1L))))
                .compose(replies -> {
                    long total = replies.get(0).toLong();
                    List<String> ids = new ArrayList<>();
                    replies.get(1).forEach(id -> ids.add(id.toString()));
                    if (ids.isEmpty()) {
                        return Future.succeededFuture(new EntryPage(List.of(), total));
                    }
                    List<Request> reads = new ArrayList<>(ids.size());
                    for (String id : ids) {
                        Request read = Request.cmd(Command.HMGET).arg(entryPrefix + id);
                        for (String field : META) {
                            read.arg(field);
                        }
                        reads.add(read);
                    }
                    return batch(reads).map(rows -> {
                        List<EntryView> views = new ArrayList<>(rows.size());
                        for (int i = 0; i < rows.size(); i++) {
                            if (rows.get(i) != null && rows.get(i).get(2) != null) {
                                views.add(view(ids.get(i), rows.get(i)));
                            }
                        }
                        return new EntryPage(views, total);
                    });
                });
    }

    @Override
    public Future<Boolean> remove(String id) {
        return send(eval(RedisScripts.REMOVE, entryPrefix + id, index, sizes, totals).arg(id).arg(clock.millis()))
                .map(r -> r.toLong() > 0);
    }

    @Override
    public Future<Long> purge() {
        return purgeFrom(0);
    }

    private Future<Long> purgeFrom(long removed) {
        return send(eval(RedisScripts.PURGE, index, sizes, totals).arg(entryPrefix).arg(PURGE_BATCH))
                .compose(r -> {
                    long seen = r.get(0).toLong();
                    long live = removed + r.get(1).toLong();
                    return seen < PURGE_BATCH ? Future.succeededFuture(live) : purgeFrom(live);
                });
    }

    @Override
    public Future<CacheTotals> totals() {
        return prune().compose(v -> batch(List.of(Request.cmd(Command.ZCARD).arg(index),
                Request.cmd(Command.HMGET).arg(totals).arg("bytes").arg("hits").arg("saved_input_tokens")
                        .arg("saved_output_tokens").arg("saved_cost_nanos"))))
                .map(replies -> {
                    Response t = replies.get(1);
                    return new CacheTotals(replies.get(0).toLong(), Math.max(0, longOf(t.get(0))), longOf(t.get(1)),
                            new EntryView.Saved(longOf(t.get(2)), longOf(t.get(3)), nullableLong(t.get(4))));
                });
    }

    @Override
    public BackendHealth.View health() {
        return health.view();
    }

    @Override
    public void close() {
        redis.close();
    }

    private Future<Void> prune() {
        return send(eval(RedisScripts.PRUNE, index, sizes, totals).arg(clock.millis()).arg(PRUNE_BATCH)).mapEmpty();
    }

    private EntryView view(String id, Response row) {
        return new EntryView(id, row.get(0).toString(), Instant.ofEpochMilli(longOf(row.get(1))),
                Instant.ofEpochMilli(longOf(row.get(2))), longOf(row.get(3)), longOf(row.get(4)) == 1,
                longOf(row.get(5)), longOf(row.get(6)), longOf(row.get(7)),
                row.get(8) == null ? null : Instant.ofEpochMilli(row.get(8).toLong()),
                new EntryView.Saved(longOf(row.get(9)), longOf(row.get(10)), nullableLong(row.get(11))));
    }

    private static Request eval(String script, String... keys) {
        Request request = Request.cmd(Command.EVAL).arg(script).arg(keys.length);
        for (String key : keys) {
            request.arg(key.getBytes(StandardCharsets.UTF_8));
        }
        return request;
    }

    private Future<Response> send(Request request) {
        if (!health.shouldTry()) {
            return Future.failedFuture(health.unavailable());
        }
        return observed(redis.send(request));
    }

    private Future<List<Response>> batch(List<Request> requests) {
        if (!health.shouldTry()) {
            return Future.failedFuture(health.unavailable());
        }
        return observed(redis.batch(requests));
    }

    private <T> Future<T> observed(Future<T> call) {
        return call.timeout(timeoutMillis, TimeUnit.MILLISECONDS).andThen(ar -> {
            if (ar.succeeded()) {
                health.succeeded();
            } else {
                health.failed(ar.cause());
            }
        });
    }

    private static long longOf(Response value) {
        return value == null ? 0 : value.toLong();
    }

    private static Long nullableLong(Response value) {
        return value == null ? null : value.toLong();
    }
}
