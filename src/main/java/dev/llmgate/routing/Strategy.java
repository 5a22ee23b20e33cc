package dev.llmgate.routing;

import dev.llmgate.config.ConfigLoader;
import java.util.Locale;

/** How routes of equal priority are ordered. */
public enum Strategy {
    /** As listed. */
    PRIORITY,
    /** Random, in proportion to each route's weight. */
    WEIGHTED,
    /** Lowest observed latency first (moving average of latency and time to first token). */
    LATENCY,
    /** Lowest expected cost first (catalog price × estimated tokens). */
    COST;

    static Strategy parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigLoader.ConfigException("Unknown router strategy '" + name
                    + "': use priority, weighted, latency or cost.");
        }
    }
}
