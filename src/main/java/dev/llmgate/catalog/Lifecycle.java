package dev.llmgate.catalog;

import java.time.LocalDate;
import java.util.Locale;

/**
 * Where a model is in its life. A deprecated model still answers until its sunset date; a sunset model no
 * longer does, and {@code migrationTo} names the catalog model to use instead.
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
}
