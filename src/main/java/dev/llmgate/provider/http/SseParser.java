package dev.llmgate.provider.http;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental server-sent-events framing (the WHATWG event-stream rules): lines end in LF, CRLF or CR;
 * a blank line dispatches the event; lines starting with ':' are comments. Bytes of an unfinished event are
 * held until the rest arrives, so every batch handed out holds whole events only.
 */
public final class SseParser {

    private byte[] pending = new byte[0];

    public SseBatch feed(Buffer buffer) {
        byte[] bytes = join(pending, buffer);
        List<SseEvent> events = new ArrayList<>(4);
        int eventStart = 0;
        int lineStart = 0;
        String name = null;
        int dataOffset = -1;
        int dataLength = 0;
        byte[] joined = null; // only when an event has several data lines
        int i = 0;
        while (i < bytes.length) {
            byte b = bytes[i];
            if (b != '\n' && b != '\r') {
                i++;
                continue;
            }
            if (b == '\r' && i + 1 == bytes.length) {
                break; // a CR at the end may be half of a CRLF: wait for the next byte
            }
            int lineEnd = i;
            i += b == '\r' && bytes[i + 1] == '\n' ? 2 : 1;
            if (lineEnd == lineStart) {
                if (joined != null) {
                    events.add(new SseEvent(name, joined, 0, joined.length, eventStart, i));
                } else if (dataOffset >= 0) {
                    events.add(new SseEvent(name, bytes, dataOffset, dataLength, eventStart, i));
                }
                name = null;
                dataOffset = -1;
                joined = null;
                eventStart = i;
            } else if (bytes[lineStart] != ':') {
                int colon = indexOf(bytes, (byte) ':', lineStart, lineEnd);
                int valueStart = colon < 0 ? lineEnd : colon + 1;
                if (valueStart < lineEnd && bytes[valueStart] == ' ') {
                    valueStart++;
                }
                if (isField(bytes, lineStart, colon < 0 ? lineEnd : colon, DATA)) {
                    if (dataOffset < 0) {
                        dataOffset = valueStart;
                        dataLength = lineEnd - valueStart;
                    } else {
                        byte[] first = joined != null ? joined : copy(bytes, dataOffset, dataOffset + dataLength);
                        joined = new byte[first.length + 1 + lineEnd - valueStart];
                        System.arraycopy(first, 0, joined, 0, first.length);
                        joined[first.length] = '\n';
                        System.arraycopy(bytes, valueStart, joined, first.length + 1, lineEnd - valueStart);
                    }
                } else if (isField(bytes, lineStart, colon < 0 ? lineEnd : colon, EVENT)) {
                    name = new String(bytes, valueStart, lineEnd - valueStart, StandardCharsets.UTF_8);
                }
            }
            lineStart = i;
        }
        pending = eventStart == bytes.length ? new byte[0] : copy(bytes, eventStart, bytes.length);
        if (eventStart == 0) {
            return SseBatch.EMPTY;
        }
        Buffer raw = Buffer.buffer(eventStart == bytes.length ? bytes : copy(bytes, 0, eventStart));
        return new SseBatch(raw, events);
    }

    /**
     * Called at the end of the stream: a final CR held back as a possible half of CRLF ends its line after
     * all. Bytes of an event never closed by a blank line are dropped, as the event-stream rules say.
     */
    public SseBatch finish() {
        return pending.length > 0 && pending[pending.length - 1] == '\r' ? feed(Buffer.buffer("\n")) : SseBatch.EMPTY;
    }

    /** Bytes received after the last complete event (a stream that ends with these was cut short). */
    public byte[] remainder() {
        return pending;
    }

    private static byte[] join(byte[] head, Buffer tail) {
        if (head.length == 0) {
            return tail.getBytes();
        }
        byte[] joined = new byte[head.length + tail.length()];
        System.arraycopy(head, 0, joined, 0, head.length);
        tail.getBytes(joined, head.length);
        return joined;
    }

    private static byte[] copy(byte[] bytes, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(bytes, from, out, 0, out.length);
        return out;
    }

    private static int indexOf(byte[] bytes, byte target, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == target) {
                return i;
            }
        }
        return -1;
    }

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

    private static boolean isField(byte[] bytes, int from, int to, byte[] name) {
        return java.util.Arrays.equals(bytes, from, to, name, 0, name.length);
    }
}
