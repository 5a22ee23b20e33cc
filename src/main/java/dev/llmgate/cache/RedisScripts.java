package dev.llmgate.cache;

/**
 * The Lua scripts that keep a Redis cache's entry, index and totals consistent: each runs atomically in
 * Redis, so instances sharing one Redis never see an entry without its index row or a size counted twice.
 *
 * <p>Layout under the prefix P: {@code P e:<id>} a hash per entry (the answer's bytes in {@code body}, its
 * metadata and hit statistics), expiring by Redis TTL; {@code P index} a sorted set of ids scored by expiry
 * (for listing and counting); {@code P sizes} a hash of id → bytes; {@code P totals} a hash of the
 * totals (bytes stored, hits and savings since the last purge). Expired ids leave the index and the byte
 * total lazily ({@link #PRUNE}). Keys are built from the prefix inside the scripts, so this layout is for
 * a single Redis (or a cluster with the prefix as a hash tag, e.g. {@code {llmgate}:}).
 */
final class RedisScripts {

    private RedisScripts() {
    }

    /** KEYS: entry, index, sizes, totals. ARGV: id, ttl ms, expires_at, size, body, model, created_at, input, output, compressed. */
    static final String PUT = """
            local old = redis.call('HGET', KEYS[3], ARGV[1])
            if old then redis.call('HINCRBY', KEYS[4], 'bytes', -tonumber(old)) end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'body', ARGV[5], 'model', ARGV[6], 'created_at', ARGV[7],
                'expires_at', ARGV[3], 'size', ARGV[4], 'input_tokens', ARGV[8], 'output_tokens', ARGV[9],
                'compressed', ARGV[10], 'hits', 0, 'saved_input_tokens', 0, 'saved_output_tokens', 0)
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
            redis.call('HSET', KEYS[3], ARGV[1], ARGV[4])
            redis.call('HINCRBY', KEYS[4], 'bytes', ARGV[4])
            return 1
            """;

    /** KEYS: entry, totals. ARGV: now, input, output, cost in nanos ('' when unknown). A gone entry counts nowhere. */
    static final String HIT = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            redis.call('HINCRBY', KEYS[1], 'hits', 1)
            redis.call('HSET', KEYS[1], 'last_hit_at', ARGV[1])
            redis.call('HINCRBY', KEYS[1], 'saved_input_tokens', ARGV[2])
            redis.call('HINCRBY', KEYS[1], 'saved_output_tokens', ARGV[3])
            redis.call('HINCRBY', KEYS[2], 'hits', 1)
            redis.call('HINCRBY', KEYS[2], 'saved_input_tokens', ARGV[2])
            redis.call('HINCRBY', KEYS[2], 'saved_output_tokens', ARGV[3])
            if ARGV[4] ~= '' then
                redis.call('HINCRBY', KEYS[1], 'saved_cost_nanos', ARGV[4])
                redis.call('HINCRBY', KEYS[2], 'saved_cost_nanos', ARGV[4])
            end
            return 1
            """;

    /** KEYS: index, sizes, totals. ARGV: now, limit. Drops expired ids from the index and the byte total. */
    static final String PRUNE = """
            local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
            for _, id in ipairs(ids) do
                local size = redis.call('HGET', KEYS[2], id)
                if size then
                    redis.call('HINCRBY', KEYS[3], 'bytes', -tonumber(size))
                    redis.call('HDEL', KEYS[2], id)
                end
                redis.call('ZREM', KEYS[1], id)
            end
            return #ids
            """;

    /** KEYS: entry, index, sizes, totals. ARGV: id, now. Returns 1 when a live (unexpired) entry was removed. */
    static final String REMOVE = """
            local expires = redis.call('HGET', KEYS[1], 'expires_at')
            local existed = 0
            if expires and tonumber(expires) > tonumber(ARGV[2]) then existed = 1 end
            redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            local size = redis.call('HGET', KEYS[3], ARGV[1])
            if size then
                redis.call('HINCRBY', KEYS[4], 'bytes', -tonumber(size))
                redis.call('HDEL', KEYS[3], ARGV[1])
            end
            return existed
            """;

    /**
     * KEYS: index, sizes, totals. ARGV: entry key prefix, batch size. Removes up to a batch of entries
     * (so one call never holds Redis long); the last batch also resets the totals. Returns {ids, live}.
     */
    static final String PURGE = """
            local ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
            local live = 0
            for _, id in ipairs(ids) do
                live = live + redis.call('DEL', ARGV[1] .. id)
                redis.call('ZREM', KEYS[1], id)
                redis.call('HDEL', KEYS[2], id)
            end
            if #ids < tonumber(ARGV[2]) then redis.call('DEL', KEYS[2], KEYS[3]) end
            return {#ids, live}
            """;
}
