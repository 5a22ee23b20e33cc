-- The response cache's SQL backend (dev.llmgate.cache.SqlResponseCache). Portable between SQLite and
-- PostgreSQL: times are epoch milliseconds in BIGINT; the answer's bytes are BYTEA (PostgreSQL's binary type;
-- SQLite keeps the bound byte[] as a BLOB whatever the declared type).

CREATE TABLE response_cache (
    id                  VARCHAR(64)      NOT NULL PRIMARY KEY, -- SHA-256 hex of the normalised request
    model               VARCHAR(512)     NOT NULL,             -- the model as resolved
    body                BYTEA            NOT NULL,             -- the answer, gzipped above a few KB
    size_bytes          INTEGER          NOT NULL,
    compressed          INTEGER          NOT NULL,             -- 1 when body is gzipped
    created_at          BIGINT           NOT NULL,
    expires_at          BIGINT           NOT NULL,
    input_tokens        BIGINT           NOT NULL,             -- what one hit saves
    output_tokens       BIGINT           NOT NULL,
    hits                BIGINT           NOT NULL DEFAULT 0,
    last_hit_at         BIGINT,
    saved_input_tokens  BIGINT           NOT NULL DEFAULT 0,
    saved_output_tokens BIGINT           NOT NULL DEFAULT 0,
    saved_cost          DOUBLE PRECISION                       -- null while no price is known
);

CREATE INDEX response_cache_expires_at ON response_cache (expires_at);

-- One row: hits and savings since the last purge (entries that expired since still count).
CREATE TABLE response_cache_totals (
    id                  INTEGER          NOT NULL PRIMARY KEY,
    hits                BIGINT           NOT NULL,
    saved_input_tokens  BIGINT           NOT NULL,
    saved_output_tokens BIGINT           NOT NULL,
    saved_cost          DOUBLE PRECISION
);

INSERT INTO response_cache_totals (id, hits, saved_input_tokens, saved_output_tokens, saved_cost)
VALUES (1, 0, 0, 0, NULL);
