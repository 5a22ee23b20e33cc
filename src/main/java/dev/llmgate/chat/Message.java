package dev.llmgate.chat;

import java.util.List;

/** One turn of a conversation. */
public sealed interface Message {

    List<Part> parts();

    Extras extras();

    /** Instructions; {@code developer} keeps OpenAI's newer role name for upstreams that speak it. */
    record System(List<Part> parts, boolean developer, Extras extras) implements Message {}

    record User(List<Part> parts, Extras extras) implements Message {}

    /** What the model said: content parts (reasoning first), tool calls, and a refusal when it declined. */
    record Assistant(List<Part> parts, List<ToolCall> toolCalls, String refusal, Extras extras) implements Message {
        public Assistant {
            toolCalls = toolCalls == null ? List.of() : toolCalls;
        }

        /** The concatenated text parts, or null when there are none. */
        public String text() {
            StringBuilder text = null;
            for (Part part : parts) {
                if (part instanceof Part.Text t) {
                    text = text == null ? new StringBuilder(t.text()) : text.append(t.text());
                }
            }
            return text == null ? null : text.toString();
        }
    }

    /** The result of a tool call, answering the assistant's call {@code toolCallId}. */
    record Tool(String toolCallId, List<Part> parts, boolean isError, Extras extras) implements Message {}
}
