package dev.llmgate.provider;

import dev.llmgate.chat.ChatResponse;
import dev.llmgate.provider.http.Timing;

/** A whole upstream answer and how long the upstream took. */
public record Answer(ChatResponse response, Timing timing) {}
