package dev.llmgate.cache;

import dev.llmgate.chat.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What one hit saved: the tokens the cached answer cost when it was made, and their price in billionths
 * of the currency ({@code costNanos}, null when the model has no price). Amounts are whole nanos so that
 * every backend adds them exactly (SQL BIGINT, Redis HINCRBY): totals over millions of hits never drift.
 */
public record Savings(long inputTokens, long outputTokens, Long costNanos) {

    /** Decimal places kept: a nano of the currency, far below any price per token. */
    public static final int SCALE = 9;

    /** The saving of serving {@code usage} (null: none reported) again, priced at {@code cost} (null: unknown). */
    public static Savings of(Usage usage, BigDecimal cost) {
        if (usage == null) {
            return new Savings(0, 0, toNanos(cost));
        }
        return new Savings(usage.input(), usage.output(), toNanos(cost));
    }

    /** An amount in whole nanos, rounded half-even; null stays null. */
    public static Long toNanos(BigDecimal amount) {
        return amount == null ? null : amount.setScale(SCALE, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
    }

    /** Whole nanos as the decimal amount they stand for; null stays null. */
    public static BigDecimal fromNanos(Long nanos) {
        return nanos == null ? null : BigDecimal.valueOf(nanos, SCALE).stripTrailingZeros();
    }
}
