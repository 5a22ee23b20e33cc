package dev.llmgate.provider.anthropic;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.chat.Usage;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes canonical stream events as the server-sent events of Anthropic's Messages stream, the way the
 * Anthropic SDKs parse them: {@code message_start}, then content blocks numbered from 0, each opened with
 * {@code content_block_start}, filled with deltas and closed with {@code content_block_stop} when the
 * next kind of content begins, then {@code message_delta} (stop reason and usage) and {@code message_stop}.
 * One per stream; not thread-safe.
 *
 * <p>{@code message_start} reports the prompt's input and cache counts when the upstream gave them at the
 * start (Gemini's chunks, a replayed answer), else an estimate of the input tokens; its output count is 0.
 * {@code message_delta} then carries the whole final usage, which current Anthropic SDKs read.
 */
public final class AnthropicEvents {

    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private enum Open { NONE, TEXT, THINKING, TOOL_USE }

    private String id = "";
    private String model = "";
    private boolean started;
    private boolean finished;
    private Open open = Open.NONE;
    private int blockIndex = -1;
    private int openTool = -1;
    private boolean signed;
    private final Set<Integer> closedTools = new HashSet<>();
    private final LongSupplier estimatedInput;
    private Usage startUsage;

    /** Events whose {@code message_start} reports no input tokens when the upstream gave no usage up front. */
    public AnthropicEvents() {
        this(() -> 0);
    }

    /** {@code estimatedInput} counts the prompt when the upstream gave no usage up front; called at most once. */
    public AnthropicEvents(LongSupplier estimatedInput) {
        this.estimatedInput = estimatedInput;
    }

    /** Appends the SSE bytes for one event to {@code out}. */
    public void write(StreamEvent event, Buffer out) {
        if (finished) {
            return;
        }
        if (event instanceof StreamEvent.Started s) {
            id = s.id();
            model = s.model();
            startUsage = s.usage();
        }
        if (!started) {
            started = true;
            messageStart(out);
        }
        switch (event) {
            case StreamEvent.Started s -> { }
            case StreamEvent.TextDelta t -> text(t.text(), out);
            // Anthropic streams have no refusal channel: the client reads the refusal as text
            case StreamEvent.RefusalDelta r -> text(r.text(), out);
            case StreamEvent.ReasoningDelta r -> reasoning(r, out);
            case StreamEvent.RedactedReasoning r -> {
                close(out);
                ObjectNode block = Json.object().put("type", "redacted_thinking").put("data", r.data());
                append("content_block_start", blockEvent("content_block_start", ++blockIndex).set("content_block",
                        block), out);
                append("content_block_stop", blockEvent("content_block_stop", blockIndex), out);
            }
            case StreamEvent.ToolCallDelta d -> toolCall(d, out);
            case StreamEvent.Finished f -> {
                close(out);
                ObjectNode delta = Json.object();
                delta.put("type", "message_delta");
                ObjectNode change = delta.putObject("delta");
                change.put("stop_reason", AnthropicResponseCodec.stopReasonToWire(f.reason(), null));
                change.putNull("stop_sequence");
                delta.set("usage", f.usage() == null ? AnthropicUsage.empty() : AnthropicUsage.toWire(f.usage()));
                append("message_delta", delta, out);
                append("message_stop", Json.object().put("type", "message_stop"), out);
                finished = true;
            }
        }
    }

    /** One {@code error} event in Anthropic's envelope, for a stream that fails after it began. */
    public static Buffer error(GatewayException error) {
        Buffer out = Buffer.buffer();
        append("error", AnthropicErrors.envelope(error), out);
        return out;
    }

    private void messageStart(Buffer out) {
        ObjectNode event = Json.object();
        event.put("type", "message_start");
        ObjectNode message = event.putObject("message");
        message.put("id", id);
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", startUsage != null ? AnthropicUsage.atStart(startUsage)
                : AnthropicUsage.atStart(estimatedInput.getAsLong()));
        append("message_start", event, out);
    }

    private void text(String text, Buffer out) {
        if (open != Open.TEXT) {
            begin(Open.TEXT, Json.object().put("type", "text").put("text", ""), out);
        }
        delta(Json.object().put("type", "text_delta").put("text", text), out);
    }

    /** A signature ends its thinking block: reasoning that follows it belongs to a new block. */
    private void reasoning(StreamEvent.ReasoningDelta reasoning, Buffer out) {
        if (open != Open.THINKING || signed) {
            begin(Open.THINKING, Json.object().put("type", "thinking").put("thinking", "").put("signature", ""), out);
        }
        if (reasoning.text() != null) {
            delta(Json.object().put("type", "thinking_delta").put("thinking", reasoning.text()), out);
        }
        if (reasoning.signature() != null) {
            delta(Json.object().put("type", "signature_delta").put("signature", reasoning.signature()), out);
            signed = true;
        }
    }

    private void toolCall(StreamEvent.ToolCallDelta call, Buffer out) {
        if (open != Open.TOOL_USE || openTool != call.index()) {
            if (closedTools.contains(call.index())) {
                // an Anthropic block cannot be reopened once closed
                throw new GatewayException.UpstreamUnreachable("The upstream interleaved the arguments of several "
                        + "tool calls, which an Anthropic stream cannot express.", "bad_upstream_response");
            }
            ObjectNode block = Json.object();
            block.put("type", "tool_use");
            block.put("id", call.id() == null ? "" : call.id());
            block.put("name", call.name() == null ? "" : call.name());
            block.putObject("input");
            begin(Open.TOOL_USE, block, out);
            openTool = call.index();
        }
        if (call.arguments() != null && !call.arguments().isEmpty()) {
            delta(Json.object().put("type", "input_json_delta").put("partial_json", call.arguments()), out);
        }
    }

    private void begin(Open kind, ObjectNode block, Buffer out) {
        close(out);
        open = kind;
        append("content_block_start", blockEvent("content_block_start", ++blockIndex).set("content_block", block),
                out);
    }

    private void delta(ObjectNode delta, Buffer out) {
        append("content_block_delta", blockEvent("content_block_delta", blockIndex).set("delta", delta), out);
    }

    private void close(Buffer out) {
        if (open == Open.NONE) {
            return;
        }
        if (open == Open.TOOL_USE) {
            closedTools.add(openTool);
            openTool = -1;
        }
        append("content_block_stop", blockEvent("content_block_stop", blockIndex), out);
        open = Open.NONE;
        signed = false;
    }

    private static ObjectNode blockEvent(String type, int index) {
        return Json.object().put("type", type).put("index", index);
    }

    private static void append(String event, ObjectNode data, Buffer out) {
        out.appendBytes(EVENT).appendBytes(event.getBytes(StandardCharsets.US_ASCII)).appendBytes(DATA)
                .appendBytes(Json.bytes(data)).appendBytes(END);
    }
}
