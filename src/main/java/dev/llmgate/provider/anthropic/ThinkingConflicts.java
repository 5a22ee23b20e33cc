package dev.llmgate.provider.anthropic;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Anthropic refuses beside extended thinking, and what a request becomes instead, each change named in
 * a warning for the client ({@code x-llmgate-warning}). Requests translated from another dialect meet these
 * often: OpenAI clients set a temperature with {@code reasoning_effort}, force a tool, or send back tool-call
 * turns without the signed thinking Anthropic wants (it came from another provider, or the client dropped it).
 *
 * <ul>
 *   <li>Sampling, with thinking on ({@code enabled} or {@code adaptive}): Anthropic takes {@code temperature}
 *       only at 1, {@code top_p} only from 0.95 to 1, and no {@code top_k}. Other values are dropped: the model
 *       samples as it does with thinking, which is what the client asked of it.</li>
 *   <li>Forced tool use ({@code tool_choice} {@code any} or {@code tool}) is refused with enabled thinking:
 *       thinking is turned off, since a client that forces a tool relies on the call.</li>
 *   <li>The assistant turn a request continues (the last one, when the conversation ends with its tool
 *       results or with it as a prefill) must begin with its signed thinking; when it has none, thinking is
 *       turned off for this request, so the conversation goes on rather than failing.</li>
 * </ul>
 * Turning thinking off also gives back the {@code max_tokens} the client asked for (without the budget added
 * for thinking) and takes thinking out of a final assistant prefill, which Anthropic refuses without thinking.
 */
final class ThinkingConflicts {

    private static final String OFF_FOR_TOOL_CHOICE = "thinking turned off for this request: Anthropic refuses "
            + "forced tool use (tool_choice any or a named tool) with thinking";
    private static final String OFF_FOR_UNSIGNED_TURN = "thinking turned off for this request: the assistant turn "
            + "it continues has no signed thinking, which Anthropic requires with thinking on";

    private ThinkingConflicts() {
    }

    /**
     * Makes {@code wire} (an Anthropic request body, about to be sent) acceptable with its thinking setting and
     * returns what was changed; {@code maxTokensWithoutThinking} is the limit to restore if thinking goes.
     */
    static List<String> resolve(ObjectNode wire, int maxTokensWithoutThinking) {
        String type = wire.path("thinking").path("type").asString("");
        if (!type.equals("enabled") && !type.equals("adaptive")) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>(2);
        if (type.equals("enabled")) {
            String off = forcesTool(wire) ? OFF_FOR_TOOL_CHOICE : !continuedTurnIsSigned(wire) ? OFF_FOR_UNSIGNED_TURN
                    : null;
            if (off != null) {
                turnOff(wire, maxTokensWithoutThinking);
                warnings.add(off);
                return warnings;
            }
        }
        JsonNode temperature = wire.get("temperature");
        if (temperature != null && temperature.isNumber() && temperature.asDouble() != 1.0) {
            wire.remove("temperature");
            warnings.add("temperature dropped: Anthropic takes only temperature 1 with thinking on");
        }
        if (wire.has("top_k")) {
            wire.remove("top_k");
            warnings.add("top_k dropped: Anthropic takes no top_k with thinking on");
        }
        JsonNode topP = wire.get("top_p");
        if (topP != null && topP.isNumber() && topP.asDouble() < 0.95) {
            wire.remove("top_p");
            warnings.add("top_p dropped: Anthropic takes top_p only from 0.95 to 1 with thinking on");
        }
        return warnings;
    }

    private static boolean forcesTool(ObjectNode wire) {
        String choice = wire.path("tool_choice").path("type").asString("");
        return choice.equals("any") || choice.equals("tool");
    }

    /** Whether the assistant turn the request continues, if any, begins with (signed or redacted) thinking. */
    private static boolean continuedTurnIsSigned(ObjectNode wire) {
        JsonNode turn = continuedTurn(wire);
        if (turn == null) {
            return true;
        }
        JsonNode first = turn.path("content").path(0);
        String type = first.path("type").asString("");
        return type.equals("thinking") || type.equals("redacted_thinking");
    }

    /** The last assistant turn when the conversation ends with it (a prefill) or with its tool results. */
    private static JsonNode continuedTurn(ObjectNode wire) {
        JsonNode messages = wire.path("messages");
        int last = messages.size() - 1;
        if (last < 0) {
            return null;
        }
        JsonNode closing = messages.get(last);
        if (closing.path("role").asString("").equals("assistant")) {
            return closing;
        }
        if (last == 0 || !hasToolResult(closing.path("content"))) {
            return null;
        }
        JsonNode before = messages.get(last - 1);
        return before.path("role").asString("").equals("assistant") ? before : null;
    }

    private static boolean hasToolResult(JsonNode content) {
        for (JsonNode block : content) {
            if (block.path("type").asString("").equals("tool_result")) {
                return true;
            }
        }
        return false;
    }

    private static void turnOff(ObjectNode wire, int maxTokens) {
        wire.remove("thinking");
        wire.put("max_tokens", maxTokens);
        JsonNode messages = wire.path("messages");
        JsonNode closing = messages.path(messages.size() - 1);
        if (closing.path("role").asString("").equals("assistant") && closing.get("content") instanceof ArrayNode blocks) {
            for (int i = blocks.size() - 1; i >= 0; i--) {
                String type = blocks.get(i).path("type").asString("");
                if (type.equals("thinking") || type.equals("redacted_thinking")) {
                    blocks.remove(i);
                }
            }
        }
    }
}
