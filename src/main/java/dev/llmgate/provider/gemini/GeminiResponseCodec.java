package dev.llmgate.provider.gemini;

import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.Choice;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.FinishReason;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamAssembler;
import dev.llmgate.chat.Usage;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code generateContent} answer in canonical form, and the pieces streams share with it: usage, finish
 * reasons, and the two answers that are errors (a blocked prompt, a malformed function call).
 */
final class GeminiResponseCodec {

    private static final Set<String> RESPONSE_FIELDS = Set.of("candidates", "usageMetadata", "responseId",
            "modelVersion", "createTime");
    private static final Set<String> CANDIDATE_FIELDS = Set.of("content", "finishReason", "index");
    private static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST",
            "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "LANGUAGE");
    /** Finish reasons that mean the model failed to call a tool properly: an upstream fault, worth a retry. */
    private static final Set<String> BROKEN_CALL = Set.of("MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL");

    private GeminiResponseCodec() {
    }

    /** {@code created} is used when Gemini gives no {@code createTime} (the Gemini API never does). */
    static ChatResponse fromWire(ObjectNode body, String model, long created) {
        rejectBlockedPrompt(body);
        JsonNode candidates = body.path("candidates");
        if (!candidates.isArray() || candidates.isEmpty()) {
            throw new GatewayException.UpstreamUnreachable("Gemini answered without any candidate.",
                    "bad_upstream_response");
        }
        String id = body.path("responseId").asString("");
        List<Choice> choices = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            JsonNode candidate = candidates.get(i);
            GeminiCandidateDecoder decoder = new GeminiCandidateDecoder();
            StreamAssembler assembler = new StreamAssembler();
            decoder.decode(candidate.path("content").path("parts"), id).forEach(assembler::accept);
            decoder.close().forEach(assembler::accept);
            FinishReason reason = finishReason(candidate, decoder.calledTools());
            if (reason == null) {
                reason = decoder.calledTools() ? FinishReason.TOOL_CALLS : FinishReason.STOP;
            }
            choices.add(new Choice(candidate.path("index").asInt(i),
                    assembler.toResponse().choices().getFirst().message(), reason,
                    Extras.of(GeminiDialect.ID, Json.unknownFields(candidate, CANDIDATE_FIELDS))));
        }
        return new ChatResponse(id, body.path("modelVersion").asString(model), created(body, created), choices,
                usageFromWire(body.get("usageMetadata")), Extras.of(GeminiDialect.ID, Json.unknownFields(body, RESPONSE_FIELDS)));
    }

    /** A prompt Gemini refused to answer: no candidates, and {@code promptFeedback.blockReason} says why. */
    static void rejectBlockedPrompt(JsonNode body) {
        JsonNode candidates = body.path("candidates");
        String reason = body.path("promptFeedback").path("blockReason").asString(null);
        if (reason == null || candidates.isArray() && !candidates.isEmpty()) {
            return;
        }
        String detail = body.path("promptFeedback").path("blockReasonMessage").asString(null);
        throw new GatewayException.BadRequest("Gemini blocked the prompt (blockReason " + reason + ")"
                + (detail == null ? "." : ": " + detail), "messages", "prompt_blocked");
    }

    /**
     * The canonical finish reason of a candidate (null when it has none yet); a broken tool call is thrown
     * as an upstream error, since the answer it ends is unusable.
     */
    static FinishReason finishReason(JsonNode candidate, boolean calledTools) {
        String reason = candidate.path("finishReason").asString(null);
        if (reason == null) {
            return null;
        }
        if (BROKEN_CALL.contains(reason)) {
            String detail = candidate.path("finishMessage").asString(null);
            throw new GatewayException.UpstreamError(502, "Gemini failed to produce a valid function call "
                    + "(finishReason " + reason + ")" + (detail == null ? "." : ": " + detail),
                    new GatewayException.UpstreamError.Details(reason, reason.toLowerCase(Locale.ROOT),
                            null, null));
        }
        if (reason.equals("MAX_TOKENS")) {
            return FinishReason.LENGTH;
        }
        if (FILTERED.contains(reason)) {
            return FinishReason.CONTENT_FILTER;
        }
        return calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    }

    /**
     * Gemini's usage in canonical form, or null when it reports no counts. {@code promptTokenCount} already
     * includes the cached tokens; the thinking tokens are not in {@code candidatesTokenCount} but are billed
     * as output, so output is their sum; tokens of tool-use prompts (search, code execution) are input.
     */
    static Usage usageFromWire(JsonNode usage) {
        if (usage == null || !usage.isObject()
                || !usage.has("promptTokenCount") && !usage.has("candidatesTokenCount")) {
            return null;
        }
        long thoughts = usage.path("thoughtsTokenCount").asLong(0);
        return new Usage(usage.path("promptTokenCount").asLong(0) + usage.path("toolUsePromptTokenCount").asLong(0),
                usage.path("candidatesTokenCount").asLong(0) + thoughts,
                usage.path("cachedContentTokenCount").asLong(0), 0, thoughts,
                Extras.of(GeminiDialect.ID, (ObjectNode) usage));
    }

    /** Vertex AI's {@code createTime} in epoch seconds, else {@code fallback}. */
    static long created(JsonNode body, long fallback) {
        String time = body.path("createTime").asString(null);
        if (time == null) {
            return fallback;
        }
        try {
            return Instant.parse(time).getEpochSecond();
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

}
