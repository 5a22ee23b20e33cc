package dev.llmgate.provider.openai;

import dev.llmgate.chat.Extras;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.Reasoning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
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

    /**
     * The {@code reasoning_effort} for a request's reasoning: its effort, or for a token budget only (an
     * Anthropic client's {@code thinking.budget_tokens}), the effort whose share of {@code max_tokens} is
     * nearest, the inverse of the shares Anthropic budgets are made from (low 0.2, medium 0.5, high 0.8).
     * Without {@code max_tokens} the budget is placed against Google's effort budgets (low 1K, medium 8K,
     * high 24K). Null when neither is set.
     */
    static String effortOf(Reasoning reasoning, Integer maxTokens) {
        if (reasoning.effort() != null || reasoning.budgetTokens() == null) {
            return reasoning.effort();
        }
        int budget = reasoning.budgetTokens();
        if (budget <= 0) {
            return "none";
        }
        if (maxTokens != null && maxTokens > 0) {
            double share = (double) budget / maxTokens;
            return share < 0.35 ? "low" : share < 0.65 ? "medium" : "high";
        }
        return budget < 4096 ? "low" : budget < 16_384 ? "medium" : "high";
    }

    /**
     * A turn's {@code reasoning_details} as thinking parts. Details with the same {@code index} and type are
     * pieces of one block, as OpenRouter (and the gateway) streams them and as a client that gathered a stream sends them
     * back: their texts are joined and the block keeps its signature. When the only text is the turn's
     * {@code reasoningContent} (a client that joined {@code reasoning_content} and kept just the signed piece),
     * the one signed block gets that text, since a provider accepts its signature only with the text it signed.
     */
    static List<Part> detailsFromWire(JsonNode details, String reasoningContent) {
        Map<Object, Block> blocks = new LinkedHashMap<>();
        for (JsonNode detail : details) {
            JsonNode index = detail.get("index");
            // OpenRouter numbers an OpenAI model's summary and its encrypted reasoning alike: a type of its own
            Object key = index != null && index.isIntegralNumber()
                    ? index.asInt() + " " + detail.path("type").asString("") : new Object();
            blocks.computeIfAbsent(key, k -> new Block()).add(detail);
        }
        List<Part> parts = new ArrayList<>(blocks.size());
        for (Block block : blocks.values()) {
            parts.add(block.toPart());
        }
        return withSignedText(parts, reasoningContent);
    }

    private static List<Part> withSignedText(List<Part> parts, String reasoningContent) {
        if (reasoningContent == null) {
            return parts;
        }
        int signedEmpty = -1;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) instanceof Part.Thinking t) {
                if (!t.text().isEmpty() || t.signature() != null && signedEmpty >= 0) {
                    return parts; // text of its own, or several signed blocks: nothing to fill
                }
                if (t.signature() != null) {
                    signedEmpty = i;
                }
            }
        }
        if (signedEmpty < 0) {
            return parts;
        }
        List<Part> filled = new ArrayList<>(parts);
        Part.Thinking signed = (Part.Thinking) parts.get(signedEmpty);
        filled.set(signedEmpty, new Part.Thinking(reasoningContent, signed.signature(), signed.extras()));
        return filled;
    }

    /** The pieces of one reasoning block. */
    private static final class Block {
        private String type;
        private final StringBuilder text = new StringBuilder();
        private String signature;

        void add(JsonNode detail) {
            String pieceType = detail.path("type").asString("");
            type = type == null || type.isEmpty() ? pieceType : type;
            String field = switch (pieceType) {
                case "reasoning.encrypted" -> "data";
                case "reasoning.summary" -> "summary";
                default -> "text";
            };
            text.append(detail.path(field).asString(""));
            String pieceSignature = detail.path("signature").asString("");
            if (!pieceSignature.isEmpty()) { // OpenRouter opens a block with an empty signature
                signature = pieceSignature;
            }
        }

        Part toPart() {
            return switch (type) {
                case "reasoning.encrypted" -> new Part.RedactedThinking(text.toString(), Extras.NONE);
                case "reasoning.summary" -> new Part.Thinking(text.toString(), null, Extras.NONE);
                default -> new Part.Thinking(text.toString(), signature, Extras.NONE);
            };
        }
    }

    /** A reasoning detail's signature; OpenRouter sends an empty one on its first, empty detail. */
    static String signature(JsonNode detail) {
        String signature = detail.path("signature").asString("");
        return signature.isEmpty() ? null : signature;
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
