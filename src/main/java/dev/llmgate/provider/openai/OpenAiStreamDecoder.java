package dev.llmgate.provider.openai;

import dev.llmgate.chat.FinishReason;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.chat.Usage;
import dev.llmgate.provider.StreamDecoder;
import dev.llmgate.provider.http.SseEvent;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decodes an OpenAI-dialect stream of {@code chat.completion.chunk} events. The finish reason and the usage
 * arrive in separate chunks; {@link StreamEvent.Finished} is emitted once both are known, or at {@code [DONE]}.
 * Errors in the stream (an {@code event: error}, or a chunk with an {@code error} field) are thrown.
 */
final class OpenAiStreamDecoder implements StreamDecoder {

    private boolean started;
    private boolean done;
    private boolean finished;
    private FinishReason reason;
    private Usage usage;
    private boolean calledTools;

    @Override
    public List<StreamEvent> decode(SseEvent event) {
        if (done) {
            return List.of();
        }
        if (event.isDone()) {
            done = true;
            return finish(reason != null ? reason : calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP);
        }
        if ("error".equals(event.event())) {
            done = true;
            throw OpenAiErrors.inStream(event.json());
        }
        OpenAiChunk chunk = OpenAiChunk.read(event);
        if (chunk.hasError()) {
            done = true;
            throw OpenAiErrors.inStream(event.json());
        }
        List<StreamEvent> events = new ArrayList<>(2);
        if (!started) {
            started = true;
            events.add(new StreamEvent.Started(chunk.id() == null ? "" : chunk.id(),
                    chunk.model() == null ? "" : chunk.model(), chunk.created()));
        }
        for (OpenAiChunk.Choice choice : chunk.choices()) {
            reasoning(choice, events);
            if (choice.content() != null && !choice.content().isEmpty()) {
                events.add(new StreamEvent.TextDelta(choice.content()));
            } else if (choice.contentParts() != null) {
                content(choice.contentParts(), events);
            }
            if (choice.refusal() != null && !choice.refusal().isEmpty()) {
                events.add(new StreamEvent.RefusalDelta(choice.refusal()));
            }
            if (choice.toolCalls() != null) {
                toolCalls(choice.toolCalls(), events);
            }
            if (choice.finishReason() != null) {
                reason = OpenAiResponseCodec.finishReasonFromWire(choice.finishReason(), calledTools);
            }
        }
        Usage reported = OpenAiResponseCodec.usageFromWire(chunk.usage());
        if (reported == null) {
            reported = OpenAiResponseCodec.usageFromWire(chunk.groqUsage());
        }
        if (reported != null) {
            usage = reported;
        }
        if (reason != null && usage != null) {
            events.addAll(finish(reason));
        }
        return events;
    }

    @Override
    public List<StreamEvent> end() {
        if (finished) {
            return List.of();
        }
        if (reason != null || done) {
            return finish(reason != null ? reason : FinishReason.STOP);
        }
        throw new GatewayException.UpstreamUnreachable(
                "The upstream stream ended before the answer was complete.", "stream_interrupted");
    }

    @Override
    public boolean complete() {
        return done;
    }

    private List<StreamEvent> finish(FinishReason finishReason) {
        if (finished) {
            return List.of();
        }
        finished = true;
        return List.of(new StreamEvent.Finished(finishReason, usage));
    }

    /** Reasoning as {@code reasoning_details} (with signatures), else {@code reasoning_content} or {@code reasoning}. */
    private static void reasoning(OpenAiChunk.Choice delta, List<StreamEvent> events) {
        JsonNode details = delta.reasoningDetails();
        if (details != null && details.isArray() && !details.isEmpty()) {
            for (JsonNode detail : details) {
                String type = detail.path("type").asString("");
                if (type.equals("reasoning.encrypted")) {
                    events.add(new StreamEvent.RedactedReasoning(detail.path("data").asString("")));
                } else {
                    String text = detail.path(type.equals("reasoning.summary") ? "summary" : "text").asString(null);
                    String signature = OpenAiReasoning.signature(detail);
                    if (text != null && !text.isEmpty() || signature != null) {
                        events.add(new StreamEvent.ReasoningDelta(text == null || text.isEmpty() ? null : text, signature));
                    }
                }
            }
            return;
        }
        for (String text : new String[] {delta.reasoningContent(), delta.reasoning()}) {
            if (text != null && !text.isEmpty()) {
                events.add(new StreamEvent.ReasoningDelta(text, null));
                return;
            }
        }
    }

    /** Content is a string, or (Mistral) an array of text and thinking parts. */
    private static void content(JsonNode content, List<StreamEvent> events) {
        if (content == null || content.isNull()) {
            return;
        }
        if (content.isString()) {
            if (!content.stringValue().isEmpty()) {
                events.add(new StreamEvent.TextDelta(content.stringValue()));
            }
            return;
        }
        for (JsonNode part : content) {
            switch (part.path("type").asString("")) {
                case "text" -> events.add(new StreamEvent.TextDelta(part.path("text").asString("")));
                case "thinking" -> {
                    StringBuilder text = new StringBuilder();
                    for (JsonNode piece : part.path("thinking")) {
                        text.append(piece.path("text").asString(""));
                    }
                    events.add(new StreamEvent.ReasoningDelta(text.toString(), null));
                }
                default -> { }
            }
        }
    }

    private void toolCalls(JsonNode calls, List<StreamEvent> events) {
        int position = 0;
        for (JsonNode call : calls) {
            calledTools = true;
            JsonNode function = call.path("function");
            events.add(new StreamEvent.ToolCallDelta(call.path("index").asInt(position),
                    call.hasNonNull("id") ? call.get("id").asString() : null,
                    function.hasNonNull("name") ? function.get("name").asString() : null,
                    function.hasNonNull("arguments") ? function.get("arguments").asString() : null));
            position++;
        }
    }
}
