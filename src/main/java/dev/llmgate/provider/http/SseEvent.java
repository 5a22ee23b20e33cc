package dev.llmgate.provider.http;

import dev.llmgate.chat.Json;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ObjectNode;

/**
 * One server-sent event: its {@code event:} name (null when absent) and its {@code data:} lines joined by
 * newlines, kept as the received bytes (decoders parse JSON straight from them; the text is made only when
 * asked for). {@code start} and {@code end} locate the event's raw bytes in the batch it came in.
 */
public final class SseEvent {

    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private final String event;
    private final byte[] source;
    private final int dataOffset;
    private final int dataLength;
    private final int start;
    private final int end;
    private String data;

    SseEvent(String event, byte[] source, int dataOffset, int dataLength, int start, int end) {
        this.event = event;
        this.source = source;
        this.dataOffset = dataOffset;
        this.dataLength = dataLength;
        this.start = start;
        this.end = end;
    }

    /** An event made from text (for tests and for events a decoder builds itself). */
    public static SseEvent of(String event, String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        return new SseEvent(event, bytes, 0, bytes.length, 0, 0);
    }

    public String event() {
        return event;
    }

    public String data() {
        if (data == null) {
            data = new String(source, dataOffset, dataLength, StandardCharsets.UTF_8);
        }
        return data;
    }

    /** A streaming parser over the data, for decoders that read only some of it. */
    public tools.jackson.core.JsonParser parser() {
        return Json.MAPPER.createParser(source, dataOffset, dataLength);
    }

    /** The data as a JSON object (an upstream fault, reported as such, when it is not one). */
    public ObjectNode json() {
        return Json.parseUpstream(source, dataOffset, dataLength);
    }

    public boolean isDone() {
        return java.util.Arrays.equals(source, dataOffset, dataOffset + dataLength, DONE, 0, DONE.length);
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    @Override
    public String toString() {
        return "SseEvent[event=" + event + ", data=" + data() + "]";
    }
}
