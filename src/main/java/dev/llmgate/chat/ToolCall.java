package dev.llmgate.chat;

/** A function call made by the model; arguments are the JSON text exactly as the model produced it. */
public record ToolCall(String id, String name, String arguments, Extras extras) {}
