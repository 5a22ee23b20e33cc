-- What cache hits saved, as exact integers: billionths of the currency (nanos) in BIGINT rather than
-- DOUBLE PRECISION, so that sums over many hits add exactly (dev.llmgate.cache.Savings). Amounts already kept
-- are converted, rounded to the nano. NULL still means no hit had a known price.
ALTER TABLE response_cache ADD COLUMN saved_cost_nanos BIGINT;
UPDATE response_cache SET saved_cost_nanos = CAST(ROUND(saved_cost * 1000000000) AS BIGINT)
WHERE saved_cost IS NOT NULL;
ALTER TABLE response_cache DROP COLUMN saved_cost;

ALTER TABLE response_cache_totals ADD COLUMN saved_cost_nanos BIGINT;
UPDATE response_cache_totals SET saved_cost_nanos = CAST(ROUND(saved_cost * 1000000000) AS BIGINT)
WHERE saved_cost IS NOT NULL;
ALTER TABLE response_cache_totals DROP COLUMN saved_cost;
