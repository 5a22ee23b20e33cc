-- Daily sums of usage_records, kept in the same transaction as the records (usage.UsageStore), so that the
-- analytics over whole UTC days read a few hundred rows instead of every record. '' stands for "none" in the
-- keys (a primary key cannot hold NULL). Derived data: rebuilt from usage_records by the statements below.
CREATE TABLE usage_daily_routes (
    day                         BIGINT NOT NULL,
    model                       TEXT NOT NULL,
    platform                    TEXT NOT NULL,
    requests                    BIGINT NOT NULL,
    errors                      BIGINT NOT NULL,
    input_tokens                BIGINT NOT NULL,
    output_tokens               BIGINT NOT NULL,
    cache_read_tokens           BIGINT NOT NULL,
    cache_write_tokens          BIGINT NOT NULL,
    reasoning_tokens            BIGINT NOT NULL,
    cost                        DOUBLE PRECISION NOT NULL,
    unpriced                    BIGINT NOT NULL,
    cache_hits                  BIGINT NOT NULL,
    cost_saved_by_cache         DOUBLE PRECISION NOT NULL,
    routed                      BIGINT NOT NULL,
    routed_most_expensive_cost  DOUBLE PRECISION NOT NULL,
    routed_actual_cost          DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (day, model, platform)
);

CREATE TABLE usage_daily_users (
    day            BIGINT NOT NULL,
    user_id        TEXT NOT NULL,
    requests       BIGINT NOT NULL,
    input_tokens   BIGINT NOT NULL,
    output_tokens  BIGINT NOT NULL,
    cost           DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (day, user_id)
);

INSERT INTO usage_daily_routes
SELECT created_at / 86400000, COALESCE(model, ''), COALESCE(platform, ''), COUNT(*),
       SUM(CASE WHEN status = 'success' THEN 0 ELSE 1 END),
       SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_tokens), SUM(reasoning_tokens),
       COALESCE(SUM(total_cost), 0), SUM(CASE WHEN total_cost IS NULL THEN 1 ELSE 0 END),
       SUM(cache_hit), COALESCE(SUM(cost_saved_by_cache), 0),
       SUM(CASE WHEN most_expensive_route_cost IS NOT NULL AND total_cost IS NOT NULL AND cache_hit = 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN most_expensive_route_cost IS NOT NULL AND total_cost IS NOT NULL AND cache_hit = 0
                THEN most_expensive_route_cost ELSE 0 END),
       SUM(CASE WHEN most_expensive_route_cost IS NOT NULL AND total_cost IS NOT NULL AND cache_hit = 0
                THEN total_cost ELSE 0 END)
FROM usage_records
GROUP BY created_at / 86400000, COALESCE(model, ''), COALESCE(platform, '');

INSERT INTO usage_daily_users
SELECT created_at / 86400000, COALESCE(user_id, ''), COUNT(*), SUM(input_tokens), SUM(output_tokens),
       COALESCE(SUM(total_cost), 0)
FROM usage_records
GROUP BY created_at / 86400000, COALESCE(user_id, '');
