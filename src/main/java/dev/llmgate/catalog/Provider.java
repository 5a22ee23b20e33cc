package dev.llmgate.catalog;

/** Who made a model (OpenAI, Meta, Mistral…), as opposed to the platform that serves it. */
public record Provider(String id, String name, String website) {
}
