package dev.llmgate.chat;

/** How the model may use the tools: a mode, or one named function it must call. */
public sealed interface ToolChoice permits ToolChoice.Mode, ToolChoice.Named {

    enum Mode implements ToolChoice { AUTO, NONE, REQUIRED }

    record Named(String name) implements ToolChoice {}
}
