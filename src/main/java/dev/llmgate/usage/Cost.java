package dev.llmgate.usage;

import java.math.BigDecimal;

/**
 * What a request cost, split as the bill is: uncached input, output (reasoning included), and the prompt
 * cache (reads and writes); {@code catalogVersion} is the as-of date of the prices used. Every amount is
 * null when the model has no price: unknown, which is not the same as free.
 */
public record Cost(BigDecimal input, BigDecimal output, BigDecimal cache, BigDecimal total, String currency,
                   String catalogVersion) {

    /** No price was found; {@code catalogVersion} still says which catalog was asked. */
    public static Cost unknown(String catalogVersion) {
        return new Cost(null, null, null, null, null, catalogVersion);
    }

    /** Nothing was billed (an answer from the gateway's own cache), in the given currency. */
    public static Cost free(String currency, String catalogVersion) {
        return new Cost(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, currency, catalogVersion);
    }

    public boolean known() {
        return total != null;
    }
}
