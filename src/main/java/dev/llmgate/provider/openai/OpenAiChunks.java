package dev.llmgate.provider.openai;

import dev.llmgate.chat.FinishReason;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.chat.Usage;
import io.vertx.core.buffer.Buffer;
import java.math.BigDecimal;
import java.util.function.Function;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes canonical stream events as OpenAI {@code chat.completion.chunk} server-sent events, the way the
 * OpenAI SDKs parse them: a role chunk first, deltas, a finish chunk, the usage chunk when the client asked
 * for it, then {@code data: [DONE]}. One per stream; not thread-safe.
 *
 * <p>Reasoning goes out twice, as OpenRouter streams it: as {@code reasoning_content} text for clients that
 * show it, and as {@code reasoning_details} pieces numbered by block ({@code index}), the last piece of a
 * signed block carrying its signature. A client that joins the pieces of each index and sends
 * {@code reasoning_details} back on its next turn returns each block's whole text with its signature.
 */
public final class OpenAiChunks {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final boolean includeUsage;
    private final Function<Usage, BigDecimal> pricer;
    private String id = "";
    private String model = "";
    private long created;
    private boolean roleSent;
    /** The reasoning block the next reasoning delta belongs to, as {@code reasoning_details[].index}. */
    private int reasoningIndex;

    /**
     * {@code created} stands in when the upstream gave no timestamp (Anthropic sends none); {@code pricer}
     * gives the usage chunk its {@code cost} (OpenRouter's convention), or null when unknown.
     */
    public OpenAiChunks(boolean includeUsage, long created, Function<Usage, BigDecimal> pricer) {
        this.includeUsage = includeUsage;
        this.created = created;
        this.pricer = pricer;
    }

    public boolean includesUsage() {
        return includeUsage;
    }

    /** Appends the SSE bytes for one event to {@code out}. */
    public void write(StreamEvent event, Buffer out) {
        if (event instanceof StreamEvent.Started s) {
            id = s.id();
            model = s.model();
            created = s.created() != 0 ? s.created() : created;
        }
        if (!roleSent) {
            roleSent = true;
            ObjectNode chunk = chunk(null);
            delta(chunk).put("role", "assistant").put("content", "");
            append(chunk, out);
        }
        switch (event) {
            case StreamEvent.Started s -> { }
            case StreamEvent.TextDelta t -> {
                ObjectNode chunk = chunk(null);
                delta(chunk).put("content", t.text());
                append(chunk, out);
            }
            case StreamEvent.RefusalDelta r -> {
                ObjectNode chunk = chunk(null);
                delta(chunk).put("refusal", r.text());
                append(chunk, out);
            }
            case StreamEvent.ReasoningDelta r -> {
                ObjectNode chunk = chunk(null);
                ObjectNode delta = delta(chunk);
                if (r.text() != null) {
                    delta.put("reasoning_content", r.text());
                }
                ObjectNode detail = delta.putArray("reasoning_details").addObject();
                detail.put("type", "reasoning.text");
                if (r.text() != null) {
                    detail.put("text", r.text());
                }
                if (r.signature() != null) {
                    detail.put("signature", r.signature());
                }
                detail.put("index", reasoningIndex);
                if (r.signature() != null) {
                    reasoningIndex++; // a signature closes its block: what follows is a new one
                }
                append(chunk, out);
            }
            case StreamEvent.RedactedReasoning r -> {
                ObjectNode chunk = chunk(null);
                ObjectNode detail = delta(chunk).putArray("reasoning_details").addObject();
                detail.put("type", "reasoning.encrypted");
                detail.put("data", r.data());
                detail.put("index", reasoningIndex++);
                append(chunk, out);
            }
            case StreamEvent.ToolCallDelta d -> {
                ObjectNode chunk = chunk(null);
                ObjectNode call = delta(chunk).putArray("tool_calls").addObject();
                call.put("index", d.index());
                if (d.id() != null) {
                    call.put("id", d.id());
                    call.put("type", "function");
                }
                ObjectNode function = call.putObject("function");
                if (d.name() != null) {
                    function.put("name", d.name());
                }
                function.put("arguments", d.arguments() == null ? "" : d.arguments());
                append(chunk, out);
            }
            case StreamEvent.Finished f -> {
                append(chunk(f.reason()), out);
                if (includeUsage && f.usage() != null) {
                    ObjectNode usage = header();
                    usage.putArray("choices");
                    usage.set("usage", OpenAiResponseCodec.usageToWire(f.usage(), pricer.apply(f.usage())));
                    append(usage, out);
                }
                out.appendBytes(DONE);
            }
        }
    }

    /** A chunk with one choice (index 0) and an empty delta, finished when {@code reason} is not null. */
    private ObjectNode chunk(FinishReason reason) {
        ObjectNode chunk = header();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.putNull("logprobs");
        if (reason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", reason.wire());
        }
        return chunk;
    }

    private static ObjectNode delta(ObjectNode chunk) {
        return (ObjectNode) chunk.get("choices").get(0).get("delta");
    }

    private ObjectNode header() {
        ObjectNode chunk = Json.object();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }

    private static void append(ObjectNode chunk, Buffer out) {
        out.appendBytes(DATA).appendBytes(Json.bytes(chunk)).appendBytes(END);
    }

    /** One SSE data event holding {@code node}. */
    public static Buffer event(ObjectNode node) {
        Buffer out = Buffer.buffer();
        append(node, out);
        return out;
    }

    public static Buffer done() {
        return Buffer.buffer(DONE);
    }
}
