package dev.llmgate.cache;

import dev.llmgate.chat.CacheMarker;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.Choice;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.FinishReason;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.ToolCall;
import dev.llmgate.chat.Usage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A canonical answer as the bytes a cache backend keeps, and back: JSON in the gateway's own format
 * (independent of any protocol, so either protocol can be answered from it), gzipped above
 * {@link #COMPRESS_ABOVE} bytes. Extras are kept with their dialect, so a same-dialect client gets them back.
 */
final class AnswerCodec {

    /** Small answers are left plain: gzip costs more than it saves on a few hundred bytes. */
    static final int COMPRESS_ABOVE = 4 * 1024;
    private static final int FORMAT = 1;

    private AnswerCodec() {
    }

    static byte[] encode(ChatResponse response) {
        byte[] json = Json.bytes(toTree(response));
        return json.length > COMPRESS_ABOVE ? gzip(json) : json;
    }

    /** The answer, or an {@link IllegalArgumentException} for bytes this version cannot read. */
    static ChatResponse decode(byte[] bytes) {
        JsonNode tree = Json.MAPPER.readTree(isCompressed(bytes) ? gunzip(bytes) : bytes);
        if (tree.path("format").asInt() != FORMAT) {
            throw new IllegalArgumentException("unknown cache entry format " + tree.path("format"));
        }
        return fromTree(tree);
    }

    static boolean isCompressed(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b;
    }

    // ---- to the tree ----

    private static ObjectNode toTree(ChatResponse response) {
        ObjectNode out = Json.object();
        out.put("format", FORMAT);
        out.put("id", response.id());
        out.put("model", response.model());
        out.put("created", response.created());
        ArrayNode choices = out.putArray("choices");
        for (Choice choice : response.choices()) {
            ObjectNode c = choices.addObject();
            c.put("index", choice.index());
            c.put("finish_reason", choice.finishReason() == null ? null : choice.finishReason().name());
            c.set("message", message(choice.message()));
            extras(c, choice.extras());
        }
        if (response.usage() != null) {
            Usage usage = response.usage();
            ObjectNode u = out.putObject("usage");
            u.put("input", usage.input()).put("output", usage.output()).put("cache_read", usage.cacheRead())
                    .put("cache_write", usage.cacheWrite()).put("reasoning", usage.reasoning());
            extras(u, usage.extras());
        }
        extras(out, response.extras());
        return out;
    }

    private static ObjectNode message(Message.Assistant message) {
        ObjectNode m = Json.object();
        ArrayNode parts = m.putArray("parts");
        for (Part part : message.parts()) {
            ObjectNode p = parts.addObject();
            switch (part) {
                case Part.Text t -> {
                    p.put("type", "text").put("text", t.text());
                    if (t.cache() != null) {
                        p.put("cache_ttl", t.cache().ttl());
                    }
                }
                case Part.Image i -> p.put("type", "image").put("url", i.url()).put("detail", i.detail());
                case Part.Thinking t -> p.put("type", "thinking").put("text", t.text()).put("signature", t.signature());
                case Part.RedactedThinking r -> p.put("type", "redacted_thinking").put("data", r.data());
                case Part.Opaque o -> p.put("type", "opaque").put("kind", o.type());
            }
            extras(p, part.extras());
        }
        ArrayNode calls = m.putArray("tool_calls");
        for (ToolCall call : message.toolCalls()) {
            ObjectNode c = calls.addObject().put("id", call.id()).put("name", call.name())
                    .put("arguments", call.arguments());
            extras(c, call.extras());
        }
        m.put("refusal", message.refusal());
        extras(m, message.extras());
        return m;
    }

    private static void extras(ObjectNode target, Extras extras) {
        if (extras != null && !extras.isEmpty()) {
            target.putObject("extras").put("dialect", extras.dialect()).set("fields", extras.fields());
        }
    }

    // ---- from the tree ----

    private static ChatResponse fromTree(JsonNode tree) {
        List<Choice> choices = new ArrayList<>();
        for (JsonNode c : tree.path("choices")) {
            String reason = text(c, "finish_reason");
            choices.add(new Choice(c.path("index").asInt(), messageFrom(c.path("message")),
                    reason == null ? null : FinishReason.valueOf(reason), extrasFrom(c)));
        }
        JsonNode u = tree.get("usage");
        Usage usage = u == null ? null : new Usage(u.path("input").asLong(), u.path("output").asLong(),
                u.path("cache_read").asLong(), u.path("cache_write").asLong(), u.path("reasoning").asLong(),
                extrasFrom(u));
        return new ChatResponse(text(tree, "id"), text(tree, "model"), tree.path("created").asLong(), choices, usage,
                extrasFrom(tree));
    }

    private static Message.Assistant messageFrom(JsonNode m) {
        List<Part> parts = new ArrayList<>();
        for (JsonNode p : m.path("parts")) {
            Extras extras = extrasFrom(p);
            parts.add(switch (p.path("type").asString()) {
                case "text" -> new Part.Text(text(p, "text"),
                        p.has("cache_ttl") ? new CacheMarker(text(p, "cache_ttl")) : null, extras);
                case "image" -> new Part.Image(text(p, "url"), text(p, "detail"), null, extras);
                case "thinking" -> new Part.Thinking(text(p, "text"), text(p, "signature"), extras);
                case "redacted_thinking" -> new Part.RedactedThinking(text(p, "data"), extras);
                case "opaque" -> new Part.Opaque(text(p, "kind"), extras);
                default -> throw new IllegalArgumentException("unknown part type " + p.path("type"));
            });
        }
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode c : m.path("tool_calls")) {
            calls.add(new ToolCall(text(c, "id"), text(c, "name"), text(c, "arguments"), extrasFrom(c)));
        }
        return new Message.Assistant(parts, calls, text(m, "refusal"), extrasFrom(m));
    }

    private static Extras extrasFrom(JsonNode node) {
        JsonNode extras = node.get("extras");
        if (extras == null || !extras.path("fields").isObject()) {
            return Extras.NONE;
        }
        return Extras.of(extras.path("dialect").asString(), (ObjectNode) extras.get("fields"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    // ---- compression ----

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] bytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 8192)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalArgumentException("a compressed cache entry could not be read", e);
        }
    }
}
