package dev.llmgate.chat;

/** One of the answers in a response (most requests ask for exactly one). */
public record Choice(int index, Message.Assistant message, FinishReason finishReason, Extras extras) {}
