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
        ObjectNode chunk = Json.parseUpstream(event.data());
        if ("error".equals(event.event()) || chunk.hasNonNull("error")) {
            done = true;
            throw OpenAiErrors.inStream(chunk);
        }
        List<StreamEvent> events = new ArrayList<>(2);
        if (!started) {
            started = true;
            events.add(new StreamEvent.Started(chunk.path("id").asString(""), chunk.path("model").asString(""),
                    chunk.path("created").asLong(0)));
        }
        for (JsonNode choice : chunk.path("choices")) {
            JsonNode delta = choice.path("delta");
            reasoning(delta, events);
            content(delta.get("content"), events);
            JsonNode refusal = delta.get("refusal");
            if (refusal != null && refusal.isString() && !refusal.stringValue().isEmpty()) {
                events.add(new StreamEvent.RefusalDelta(refusal.stringValue()));
            }
            toolCalls(delta.path("tool_calls"), events);
            JsonNode finish = choice.get("finish_reason");
            if (finish != null && finish.isString()) {
                reason = OpenAiResponseCodec.finishReasonFromWire(finish.stringValue(), calledTools);
            }
        }
        Usage reported = OpenAiResponseCodec.usageFromWire(chunk.get("usage"));
        if (reported == null) {
            reported = OpenAiResponseCodec.usageFromWire(chunk.path("x_groq").get("usage")); // Groq's place for it
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
    private static void reasoning(JsonNode delta, List<StreamEvent> events) {
        JsonNode details = delta.get("reasoning_details");
        if (details != null && details.isArray() && !details.isEmpty()) {
            for (JsonNode detail : details) {
                String type = detail.path("type").asString("");
                if (type.equals("reasoning.encrypted")) {
                    events.add(new StreamEvent.RedactedReasoning(detail.path("data").asString("")));
                } else {
                    String text = detail.path(type.equals("reasoning.summary") ? "summary" : "text").asString(null);
                    String signature = OpenAiMessages.signature(detail);
                    if (text != null && !text.isEmpty() || signature != null) {
                        events.add(new StreamEvent.ReasoningDelta(text == null || text.isEmpty() ? null : text, signature));
                    }
                }
            }
            return;
        }
        for (String field : new String[] {"reasoning_content", "reasoning"}) {
            JsonNode text = delta.get(field);
            if (text != null && text.isString() && !text.stringValue().isEmpty()) {
                events.add(new StreamEvent.ReasoningDelta(text.stringValue(), null));
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
