package dev.llmgate.catalog;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model costs per million tokens of each kind. Input and output prices are always known; cache and
 * reasoning prices are null where the provider publishes none.
 */
public record Pricing(BigDecimal inputPerMillion, BigDecimal outputPerMillion, BigDecimal cacheReadPerMillion,
                      BigDecimal cacheWritePerMillion, BigDecimal reasoningPerMillion, String currency) {

    public Pricing {
        Objects.requireNonNull(inputPerMillion, "inputPerMillion");
        Objects.requireNonNull(outputPerMillion, "outputPerMillion");
        currency = currency == null ? "USD" : currency;
    }

    /**
     * The price of a million tokens of this kind, empty when the provider publishes none. Reasoning tokens
     * without a price of their own cost as output, because every provider in the catalog bills them so.
     */
    public Optional<BigDecimal> perMillion(TokenKind kind) {
        return Optional.ofNullable(switch (kind) {
            case INPUT -> inputPerMillion;
            case OUTPUT -> outputPerMillion;
            case CACHE_READ -> cacheReadPerMillion;
            case CACHE_WRITE -> cacheWritePerMillion;
            case REASONING -> reasoningPerMillion != null ? reasoningPerMillion : outputPerMillion;
        });
    }

    /** What {@code tokens} tokens of this kind cost, empty when the price is unknown. */
    public Optional<BigDecimal> cost(TokenKind kind, long tokens) {
        // exact: moving the decimal point six places is the division by a million, without its cost
        return perMillion(kind).map(price -> price.multiply(BigDecimal.valueOf(tokens)).movePointLeft(6));
    }
}
