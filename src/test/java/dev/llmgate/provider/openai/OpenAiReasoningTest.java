package dev.llmgate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.FinishReason;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.provider.http.SseEvent;
import dev.llmgate.provider.http.SseParser;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Another dialect's reasoning shown to an OpenAI-protocol client and read back from its next turn: streamed as
 * {@code reasoning_content} and as {@code reasoning_details} pieces numbered by block, and sent back in the
 * forms clients gather them in, each block's whole text with its signature.
 */
class OpenAiReasoningTest {

    private static final List<StreamEvent> SIGNED_THEN_REDACTED = List.of(
            new StreamEvent.Started("r", "m", 1),
            new StreamEvent.ReasoningDelta("Let me ", null), new StreamEvent.ReasoningDelta("think.", null),
            new StreamEvent.ReasoningDelta(null, "sig-1"),
            new StreamEvent.RedactedReasoning("opaque"),
            new StreamEvent.ReasoningDelta("More.", "sig-2"),
            new StreamEvent.TextDelta("Answer."),
            new StreamEvent.Finished(FinishReason.STOP, null));

    @Test
    void streamedReasoningIsTextAndPiecesNumberedByBlock() {
        List<JsonNode> deltas = deltas(SIGNED_THEN_REDACTED);

        assertThat(deltas).extracting(d -> d.path("reasoning_content").asString(null))
                .containsExactly(null, "Let me ", "think.", null, null, "More.", null, null);
        assertThat(deltas.get(3).get("reasoning_details")).isEqualTo(Json.MAPPER.readTree("""
                [{"type":"reasoning.text","signature":"sig-1","index":0}]"""));
        assertThat(deltas.get(4).get("reasoning_details")).isEqualTo(Json.MAPPER.readTree("""
                [{"type":"reasoning.encrypted","data":"opaque","index":1}]"""));
        assertThat(deltas.get(5).get("reasoning_details")).isEqualTo(Json.MAPPER.readTree("""
                [{"type":"reasoning.text","text":"More.","signature":"sig-2","index":2}]"""));
    }

    @Test
    void piecesJoinedByIndexGoBackAsWholeSignedBlocks() {
        ArrayNode gathered = Json.MAPPER.createArrayNode();
        for (JsonNode delta : deltas(SIGNED_THEN_REDACTED)) {
            delta.path("reasoning_details").forEach(gathered::add); // a client that keeps every piece as sent
        }

        assertThat(assistantParts(gathered, "Let me think.More.")).containsExactly(
                new Part.Thinking("Let me think.", "sig-1", Extras.NONE),
                new Part.RedactedThinking("opaque", Extras.NONE),
                new Part.Thinking("More.", "sig-2", Extras.NONE),
                Part.Text.of("Answer."));
    }

    @Test
    void aClientThatJoinedOnlyReasoningContentGetsItsTextBackWithTheSignature() {
        ArrayNode lastPiece = (ArrayNode) Json.MAPPER.readTree("""
                [{"type":"reasoning.text","signature":"sig-1","index":0}]""");

        assertThat(assistantParts(lastPiece, "Let me think.")).containsExactly(
                new Part.Thinking("Let me think.", "sig-1", Extras.NONE), Part.Text.of("Answer."));
    }

    @Test
    void severalSignedBlocksAreNotGuessedFromTheJoinedText() {
        ArrayNode signatures = (ArrayNode) Json.MAPPER.readTree("""
                [{"type":"reasoning.text","signature":"sig-1","index":0},
                 {"type":"reasoning.text","signature":"sig-2","index":1}]""");

        assertThat(assistantParts(signatures, "one two")).containsExactly(
                new Part.Thinking("", "sig-1", Extras.NONE), new Part.Thinking("", "sig-2", Extras.NONE),
                Part.Text.of("Answer."));
    }

    @Test
    void openRoutersDetailsWithoutIndexAreEachABlock() {
        ArrayNode details = (ArrayNode) Json.MAPPER.readTree("""
                [{"type":"reasoning.summary","summary":"Summed up."},
                 {"type":"reasoning.text","text":"Thought.","signature":"s"}]""");

        assertThat(assistantParts(details, null)).containsExactly(new Part.Thinking("Summed up.", null, Extras.NONE),
                new Part.Thinking("Thought.", "s", Extras.NONE), Part.Text.of("Answer."));
    }

    /** The parts of an assistant turn sent back with these reasoning details and reasoning_content. */
    private static List<Part> assistantParts(ArrayNode details, String reasoningContent) {
        ObjectNode assistant = Json.object().put("role", "assistant").put("content", "Answer.");
        if (reasoningContent != null) {
            assistant.put("reasoning_content", reasoningContent);
        }
        assistant.set("reasoning_details", details);
        ObjectNode body = Json.object().put("model", "m");
        body.putArray("messages").add(Json.object().put("role", "user").put("content", "Hi")).add(assistant);
        ChatRequest request = OpenAiRequestCodec.fromWire(body);
        return ((Message.Assistant) request.messages().get(1)).parts();
    }

    /** The {@code delta} of every chunk the events are written as. */
    private static List<JsonNode> deltas(List<StreamEvent> events) {
        OpenAiChunks chunks = new OpenAiChunks(false, 0, usage -> null);
        Buffer out = Buffer.buffer();
        events.forEach(e -> chunks.write(e, out));
        List<JsonNode> deltas = new ArrayList<>();
        for (SseEvent event : new SseParser().feed(out).events()) {
            if (!event.isDone()) {
                deltas.add(event.json().at("/choices/0/delta"));
            }
        }
        return deltas;
    }
}
