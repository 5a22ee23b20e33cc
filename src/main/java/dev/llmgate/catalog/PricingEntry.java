package dev.llmgate.catalog;

import java.math.BigDecimal;

/** A model's (or a route's) prices as written in a catalog or config file; every field may be missing. */
record PricingEntry(BigDecimal inputPerMillion, BigDecimal outputPerMillion, BigDecimal cacheReadPerMillion,
                    BigDecimal cacheWritePerMillion, BigDecimal reasoningPerMillion, String currency) {

    /** The prices; input and output must be set (checked by the caller, which names the model). */
    Pricing toPricing() {
        return new Pricing(inputPerMillion, outputPerMillion, cacheReadPerMillion, cacheWritePerMillion,
                reasoningPerMillion, currency);
    }
}
