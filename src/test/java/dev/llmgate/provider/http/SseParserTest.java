package dev.llmgate.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private static List<SseEvent> parse(SseParser parser, String text) {
        return parser.feed(Buffer.buffer(text)).events();
    }

    @Test
    void readsDataAndEventNamesWhateverTheLineEndings() {
        String stream = "event: ping\ndata: {}\n\ndata: a\r\ndata: b\r\n\r\ndata:c\r\rdata: [DONE]\n\n";
        List<SseEvent> events = parse(new SseParser(), stream);

        assertThat(events).extracting(SseEvent::event).containsExactly("ping", null, null, null);
        assertThat(events).extracting(SseEvent::data).containsExactly("{}", "a\nb", "c", "[DONE]");
        assertThat(events.getLast().isDone()).isTrue();
    }

    @Test
    void keepsRawBytesOfWholeEventsAndHoldsBackAnUnfinishedOne() {
        SseParser parser = new SseParser();
        SseBatch first = parser.feed(Buffer.buffer(": keep-alive\n\ndata: one\n\ndata: tw"));

        assertThat(first.events()).extracting(SseEvent::data).containsExactly("one");
        assertThat(first.raw().toString()).isEqualTo(": keep-alive\n\ndata: one\n\n");
        assertThat(first.rawOf(first.events().getFirst()).toString()).isEqualTo("data: one\n\n");
        assertThat(new String(parser.remainder(), StandardCharsets.UTF_8)).isEqualTo("data: tw");

        SseBatch second = parser.feed(Buffer.buffer("o\n\n"));
        assertThat(second.events()).extracting(SseEvent::data).containsExactly("two");
        assertThat(second.raw().toString()).isEqualTo("data: two\n\n");
        assertThat(parser.remainder()).isEmpty();
    }

    @Test
    void aCommentOnlyBatchIsRelayedWithoutEvents() {
        SseBatch batch = new SseParser().feed(Buffer.buffer(": OPENROUTER PROCESSING\n\n"));

        assertThat(batch.events()).isEmpty();
        assertThat(batch.raw().toString()).isEqualTo(": OPENROUTER PROCESSING\n\n");
    }

    @Test
    void splittingAnywhereGivesTheSameEvents() {
        String stream = "data: {\"a\":\"é…😀\"}\r\n\r\nevent: x\ndata: 2\n\ndata: 3\r\r";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        List<String> whole = data(new SseParser(), List.of(bytes));
        for (int cut = 1; cut < bytes.length; cut++) {
            byte[] head = java.util.Arrays.copyOfRange(bytes, 0, cut);
            byte[] tail = java.util.Arrays.copyOfRange(bytes, cut, bytes.length);
            assertThat(data(new SseParser(), List.of(head, tail))).as("cut at %d", cut).isEqualTo(whole);
        }
        assertThat(whole).containsExactly("{\"a\":\"é…😀\"}", "2", "3");
    }

    private static List<String> data(SseParser parser, List<byte[]> pieces) {
        List<String> out = new ArrayList<>();
        for (byte[] piece : pieces) {
            parser.feed(Buffer.buffer(piece)).events().forEach(e -> out.add(e.data()));
        }
        parser.finish().events().forEach(e -> out.add(e.data()));
        return out;
    }
}
