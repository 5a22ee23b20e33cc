package dev.llmgate.provider.openai;

import dev.llmgate.chat.Json;
import dev.llmgate.chat.Part;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How reasoning from another dialect is shown to an OpenAI-dialect client: the text as
 * {@code reasoning_content} (the field most OpenAI-compatible clients read), and, when the provider signed or
 * encrypted it, {@code reasoning_details} (OpenRouter's form), which a client sends back on its next turn so
 * that the signature returns to the provider byte for byte.
 */
final class OpenAiReasoning {

    private OpenAiReasoning() {
    }

    /** Whether a message's OpenAI-dialect extras already hold its reasoning as the upstream sent it. */
    static boolean carriedIn(ObjectNode extras) {
        return extras != null
                && (extras.has("reasoning_content") || extras.has("reasoning") || extras.has("reasoning_details"));
    }

    static void toWire(List<Part> parts, ObjectNode message) {
        StringBuilder text = null;
        boolean signed = false;
        for (Part part : parts) {
            if (part instanceof Part.Thinking t) {
                text = text == null ? new StringBuilder(t.text()) : text.append(t.text());
                signed |= t.signature() != null;
            } else if (part instanceof Part.RedactedThinking) {
                signed = true;
            }
        }
        if (text != null) {
            message.put("reasoning_content", text.toString());
        }
        if (signed) {
            message.set("reasoning_details", details(parts));
        }
    }

    private static ArrayNode details(List<Part> parts) {
        ArrayNode details = Json.MAPPER.createArrayNode();
        for (Part part : parts) {
            switch (part) {
                case Part.Thinking t -> {
                    ObjectNode detail = details.addObject();
                    detail.put("type", "reasoning.text");
                    detail.put("text", t.text());
                    if (t.signature() != null) {
                        detail.put("signature", t.signature());
                    }
                }
                case Part.RedactedThinking r -> {
                    ObjectNode detail = details.addObject();
                    detail.put("type", "reasoning.encrypted");
                    detail.put("data", r.data());
                }
                default -> { }
            }
        }
        return details;
    }
}
