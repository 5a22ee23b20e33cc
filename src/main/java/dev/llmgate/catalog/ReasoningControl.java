package dev.llmgate.catalog;

import java.util.Locale;

/**
 * How a model is told how much to think: an effort level (OpenAI {@code reasoning_effort}, Anthropic
 * {@code effort}), a token budget (Anthropic extended thinking), or a named level (Gemini {@code thinking_level}).
 */
public enum ReasoningControl {
    EFFORT, BUDGET, LEVEL;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ReasoningControl fromYaml(String name) {
        for (ReasoningControl control : values()) {
            if (control.yamlName().equals(name)) {
                return control;
            }
        }
        return null;
    }
}
