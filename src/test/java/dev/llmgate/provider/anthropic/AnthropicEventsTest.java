package dev.llmgate.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.FinishReason;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.StreamAssembler;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.chat.Usage;
import dev.llmgate.provider.StreamDecoder;
import dev.llmgate.provider.anthropic.AnthropicStreams.Decoded;
import dev.llmgate.provider.http.SseEvent;
import dev.llmgate.provider.http.SseParser;
import dev.llmgate.provider.openai.OpenAiDialect;
import dev.llmgate.testing.Fixtures;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Canonical events from any upstream written as Anthropic's stream: the recorded OpenAI-dialect streams,
 * decoded, written for an Anthropic client and read back with the Anthropic decoder, say the same thing,
 * in event sequences that follow Anthropic's grammar.
 */
class AnthropicEventsTest {

    static Stream<String> openAiStreams() {
        List<String> vendors = List.of("openai", "openrouter", "groq", "deepseek", "mistral", "ollama");
        return Stream.concat(Fixtures.list(vendors, "*.sse").stream(),
                Fixtures.list(vendors, "*.chunks.jsonl").stream());
    }

    @ParameterizedTest
    @MethodSource("openAiStreams")
    void anOpenAiStreamReachesAnAnthropicClientWithTheSameContent(String fixture) {
        byte[] bytes = fixture.endsWith(".jsonl") ? Fixtures.chunksAsSse(fixture, true) : Fixtures.bytes(fixture);
        List<StreamEvent> events = new ArrayList<>();
        GatewayException failure = decodeOpenAi(bytes, events);
        Buffer anthropic = AnthropicStreams.encode(events);
        if (failure != null) {
            anthropic.appendBuffer(AnthropicEvents.error(failure));
        }

        ArrayNode written = AnthropicStreams.describe(anthropic);
        Decoded read = AnthropicStreams.decode(anthropic.getBytes(), 40);

        assertFollowsTheGrammar(written, failure != null);
        if (failure != null) {
            assertThat(read.error()).isNotNull();
            assertThat(read.error().getMessage()).isEqualTo(failure.getMessage());
            return;
        }
        assertThat(read.error()).isNull();
        assertThat(summary(read.events())).isEqualTo(summary(events));
    }

    @Test
    void anAnswerWithNothingInItIsStillACompleteMessage() {
        Buffer out = AnthropicStreams.encode(List.of(new StreamEvent.Started("msg_1", "m", 0),
                new StreamEvent.Finished(FinishReason.LENGTH, Usage.of(10, 0))));

        ArrayNode written = AnthropicStreams.describe(out);

        assertThat(written).extracting(e -> e.get("event").stringValue())
                .containsExactly("message_start", "message_delta", "message_stop");
        assertThat(written.get(1).get("data")).isEqualTo(Json.parseUpstream("""
                {"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},
                 "usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}"""));
    }

    @Test
    void messageStartReportsThePromptTheUpstreamCountedUpFront() {
        AnthropicEvents writer = new AnthropicEvents(() -> {
            throw new AssertionError("no estimate when the upstream counted");
        });
        Buffer out = Buffer.buffer();
        writer.write(new StreamEvent.Started("c", "m", 0, new Usage(1000, 7, 800, 150, 0, dev.llmgate.chat.Extras.NONE)),
                out);

        JsonNode usage = AnthropicStreams.describe(out).get(0).get("data").at("/message/usage");

        assertThat(usage).isEqualTo(Json.parseUpstream("""
                {"input_tokens":50,"cache_creation_input_tokens":150,"cache_read_input_tokens":800,"output_tokens":0}"""));
    }

    @Test
    void messageStartEstimatesThePromptOnceWhenTheUpstreamGaveNoCount() {
        int[] calls = {0};
        AnthropicEvents writer = new AnthropicEvents(() -> {
            calls[0]++;
            return 42;
        });
        Buffer out = Buffer.buffer();
        writer.write(new StreamEvent.Started("c", "m", 0), out);
        writer.write(new StreamEvent.TextDelta("hi"), out);
        writer.write(new StreamEvent.Finished(FinishReason.STOP, Usage.of(40, 1)), out);

        ArrayNode written = AnthropicStreams.describe(out);
        assertThat(written.get(0).get("data").at("/message/usage/input_tokens").asInt()).isEqualTo(42);
        assertThat(written.get(written.size() - 2).get("data").at("/usage/input_tokens").asInt())
                .as("message_delta has the upstream's own count").isEqualTo(40);
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void cachedTokensAreReportedBesideTheUncachedInput() {
        Buffer out = AnthropicStreams.encode(List.of(new StreamEvent.Started("c", "m", 0), new StreamEvent.Finished(
                FinishReason.STOP, new Usage(1000, 20, 800, 150, 5, dev.llmgate.chat.Extras.NONE))));

        JsonNode usage = AnthropicStreams.describe(out).get(1).get("data").get("usage");

        assertThat(usage).isEqualTo(Json.parseUpstream("""
                {"input_tokens":50,"cache_creation_input_tokens":150,"cache_read_input_tokens":800,"output_tokens":20}"""));
    }

    @Test
    void toolCallFragmentsThatInterleaveCannotBeExpressed() {
        AnthropicEvents writer = new AnthropicEvents();
        Buffer out = Buffer.buffer();
        writer.write(new StreamEvent.ToolCallDelta(0, "a", "f", "{\"x\":"), out);
        writer.write(new StreamEvent.ToolCallDelta(1, "b", "g", "{}"), out);

        assertThatThrownBy(() -> writer.write(new StreamEvent.ToolCallDelta(0, null, null, "1}"), out))
                .isInstanceOf(GatewayException.UpstreamUnreachable.class);
    }

    @Test
    void reasoningAfterASignatureStartsANewThinkingBlock() {
        Buffer out = AnthropicStreams.encode(List.of(new StreamEvent.ReasoningDelta("one", null),
                new StreamEvent.ReasoningDelta(null, "sig1"), new StreamEvent.ReasoningDelta("two", "sig2"),
                new StreamEvent.TextDelta("answer"), new StreamEvent.Finished(FinishReason.STOP, null)));

        ArrayNode written = AnthropicStreams.describe(out);
        ChatResponse read = assemble(AnthropicStreams.decode(out.getBytes(), 9).events());

        assertFollowsTheGrammar(written, false);
        assertThat(written).filteredOn(e -> e.get("event").stringValue().equals("content_block_start"))
                .extracting(e -> e.get("data").get("content_block").get("type").stringValue())
                .containsExactly("thinking", "thinking", "text");
        assertThat(read.choices().getFirst().message().parts()).containsExactly(
                new Part.Thinking("one", "sig1", dev.llmgate.chat.Extras.NONE),
                new Part.Thinking("two", "sig2", dev.llmgate.chat.Extras.NONE), Part.Text.of("answer"));
    }

    /** The OpenAI-dialect decoder's events, and the error that ended the stream if one did. */
    private static GatewayException decodeOpenAi(byte[] bytes, List<StreamEvent> events) {
        SseParser parser = new SseParser();
        StreamDecoder decoder = new OpenAiDialect().streamDecoder(AnthropicFixturesTest.upstream("m"));
        try {
            for (SseEvent event : parser.feed(Buffer.buffer(bytes)).events()) {
                events.addAll(decoder.decode(event));
            }
            events.addAll(decoder.end());
            return null;
        } catch (GatewayException e) {
            return e;
        }
    }

    /**
     * What a client makes of a stream: text (a refusal is text to an Anthropic client), reasoning with its
     * signatures, tool calls (no arguments reads as an empty object), finish reason and token counts.
     */
    private static List<Object> summary(List<StreamEvent> events) {
        ChatResponse response = assemble(events);
        Message.Assistant message = response.choices().getFirst().message();
        String text = (message.text() == null ? "" : message.text())
                + (message.refusal() == null ? "" : message.refusal());
        List<String> calls = message.toolCalls().stream().map(c -> c.id() + " " + c.name() + " "
                + (c.arguments().isEmpty() ? "{}" : c.arguments())).toList();
        List<Part> reasoning = message.parts().stream().filter(p -> !(p instanceof Part.Text)).toList();
        Usage usage = response.usage();
        List<Long> counts = usage == null ? List.of()
                : List.of(usage.input(), usage.output(), usage.cacheRead(), usage.cacheWrite());
        return List.of(response.id(), response.model(), text, reasoning, calls,
                response.choices().getFirst().finishReason(), counts);
    }

    private static ChatResponse assemble(List<StreamEvent> events) {
        StreamAssembler assembler = new StreamAssembler();
        events.forEach(assembler::accept);
        return assembler.toResponse();
    }

    /**
     * Anthropic's event grammar: message_start; blocks numbered from 0, each started, given deltas and stopped
     * before the next starts; then message_delta and message_stop (or an error event).
     */
    static void assertFollowsTheGrammar(ArrayNode written, boolean endsInError) {
        assertThat(written.get(0).get("event").stringValue()).isEqualTo("message_start");
        int open = -1;
        int next = 0;
        for (int i = 1; i < written.size(); i++) {
            String event = written.get(i).get("event").stringValue();
            JsonNode data = written.get(i).get("data");
            assertThat(data.get("type").stringValue()).isEqualTo(event);
            switch (event) {
                case "content_block_start" -> {
                    assertThat(open).as("block started while another is open").isEqualTo(-1);
                    assertThat(data.get("index").asInt()).isEqualTo(next++);
                    open = data.get("index").asInt();
                }
                case "content_block_delta" -> assertThat(data.get("index").asInt()).isEqualTo(open);
                case "content_block_stop" -> {
                    assertThat(data.get("index").asInt()).isEqualTo(open);
                    open = -1;
                }
                case "message_delta" -> {
                    assertThat(open).as("message ends with a block open").isEqualTo(-1);
                    assertThat(written.get(i + 1).get("event").stringValue()).isEqualTo("message_stop");
                }
                case "message_stop" -> assertThat(i).isEqualTo(written.size() - 1);
                case "error" -> assertThat(endsInError && i == written.size() - 1).isTrue();
                default -> throw new AssertionError("unexpected event " + event);
            }
        }
    }
}
