package dev.llmgate.chat;

import tools.jackson.databind.node.ObjectNode;

/**
 * Wire fields the canonical model does not name, kept so that a request or response crossing the gateway
 * between two ends that speak the same dialect loses nothing. They are written back only to that dialect.
 */
public record Extras(String dialect, ObjectNode fields) {

    public static final Extras NONE = new Extras("", null);

    public static Extras of(String dialect, ObjectNode fields) {
        return fields == null || fields.isEmpty() ? NONE : new Extras(dialect, fields);
    }

    /** The kept fields if they came from {@code dialect}, else null. */
    public ObjectNode forDialect(String target) {
        return fields != null && dialect.equals(target) ? fields : null;
    }

    public boolean isEmpty() {
        return fields == null;
    }
}
