package dev.llmgate.catalog;

import java.time.LocalDate;
import java.util.Locale;

/**
 * Where a model is in its life. A deprecated model still answers until its sunset date; a sunset model no
 * longer does, and {@code migrationTo} names the catalog model to use instead. {@code status} is what the
 * catalog declares; the dates move a model on by themselves ({@link #statusOn}), so a catalog read before a
 * deprecation or shutdown date stays true after it.
 */
public record Lifecycle(Status status, LocalDate releaseDate, LocalDate deprecationDate, LocalDate sunsetDate,
                        String migrationTo) {

    public enum Status {
        ACTIVE, BETA, DEPRECATED, SUNSET;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status fromYaml(String name) {
            for (Status status : values()) {
                if (status.yamlName().equals(name)) {
                    return status;
                }
            }
            return null;
        }
    }

    /**
     * The status in force on {@code today}: sunset from the sunset date on, deprecated from the deprecation
     * date on, and never earlier in life than the declared status.
     */
    public Status statusOn(LocalDate today) {
        if (status == Status.SUNSET || sunsetDate != null && !today.isBefore(sunsetDate)) {
            return Status.SUNSET;
        }
        if (status == Status.DEPRECATED || deprecationDate != null && !today.isBefore(deprecationDate)) {
            return Status.DEPRECATED;
        }
        return status;
    }
}
