-- One row per request the gateway answered, success or failure, cache hits included.
-- Written once for SQLite and PostgreSQL: times are epoch milliseconds (UTC), costs DOUBLE PRECISION in the
-- catalog's currency (NULL when the model has no price: unknown, never 0), flags SMALLINT 0/1.
-- The id column is the one engine-specific spelling: a Flyway placeholder filled in by store.Database.
CREATE TABLE usage_records (
    id                         ${auto_id},
    request_id                 TEXT NOT NULL,
    created_at                 BIGINT NOT NULL,
    api_key_id                 TEXT,
    user_id                    TEXT,
    session_id                 TEXT,
    tags                       TEXT,
    requested_model            TEXT NOT NULL,
    model                      TEXT,
    platform                   TEXT,
    provider                   TEXT,
    route                      TEXT,
    attempts                   INTEGER NOT NULL,
    stream                     SMALLINT NOT NULL,
    status                     TEXT NOT NULL,
    http_status                INTEGER NOT NULL,
    error_type                 TEXT,
    input_tokens               BIGINT NOT NULL,
    output_tokens              BIGINT NOT NULL,
    cache_read_tokens          BIGINT NOT NULL,
    cache_write_tokens         BIGINT NOT NULL,
    reasoning_tokens           BIGINT NOT NULL,
    input_cost                 DOUBLE PRECISION,
    output_cost                DOUBLE PRECISION,
    cache_cost                 DOUBLE PRECISION,
    total_cost                 DOUBLE PRECISION,
    currency                   TEXT,
    catalog_version            TEXT,
    latency_ms                 DOUBLE PRECISION NOT NULL,
    time_to_first_token_ms     DOUBLE PRECISION,
    overhead_ms                DOUBLE PRECISION NOT NULL,
    cache_hit                  SMALLINT NOT NULL,
    cost_saved_by_cache        DOUBLE PRECISION,
    most_expensive_route_cost  DOUBLE PRECISION
);

-- Time ranges (listing newest first, analytics, retention) and the list filters, each with the time.
CREATE INDEX usage_records_time ON usage_records (created_at, id);
CREATE INDEX usage_records_request ON usage_records (request_id);
CREATE INDEX usage_records_model_time ON usage_records (model, created_at);
CREATE INDEX usage_records_user_time ON usage_records (user_id, created_at);
CREATE INDEX usage_records_key_time ON usage_records (api_key_id, created_at);
