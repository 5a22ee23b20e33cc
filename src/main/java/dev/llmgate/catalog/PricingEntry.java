package dev.llmgate.catalog;

import java.math.BigDecimal;

/** A model's prices as written in a catalog or config file; every field may be missing. */
record PricingEntry(BigDecimal inputPerMillion, BigDecimal outputPerMillion, BigDecimal cacheReadPerMillion,
                    BigDecimal cacheWritePerMillion, BigDecimal reasoningPerMillion, String currency) {
}
