package dev.llmgate.catalog;

import java.util.Locale;

/** What a model can do beyond plain text chat; checked before a request reaches an upstream. */
public enum Capability {
    VISION, TOOLS, JSON_MODE, JSON_SCHEMA, REASONING, STREAMING, SYSTEM_MESSAGES, PROMPT_CACHING;

    /** The name used in catalog and config files: {@code json_schema}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The capability with this file name, or null when there is none. */
    static Capability fromYaml(String name) {
        for (Capability capability : values()) {
            if (capability.yamlName().equals(name)) {
                return capability;
            }
        }
        return null;
    }
}
