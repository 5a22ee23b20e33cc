package dev.llmgate.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Extras;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.chat.Usage;
import dev.llmgate.provider.anthropic.AnthropicStreams.Decoded;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Edges of Anthropic's stream that the recordings do not reach. */
class AnthropicStreamDecoderTest {

    private static final String START = """
            {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude",
             "content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":1}}}""";
    /** message_start's usage, which the start event carries as it was at the start. */
    private static final Usage START_USAGE = new Usage(5, 1, 0, 0, 0,
            Extras.of("anthropic", Json.parseUpstream("{\"input_tokens\":5,\"output_tokens\":1}")));
    private static final String STOP = """
            {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":9}}
            {"type":"message_stop"}""";

    @Test
    void aToolCallWithoutArgumentsGetsAnEmptyObject() {
        Decoded decoded = decode(START, """
                {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t1","name":"now","input":{}}}
                {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":""}}
                {"type":"content_block_stop","index":0}""", STOP);

        assertThat(decoded.events()).containsExactly(new StreamEvent.Started("msg_1", "claude", 0, START_USAGE),
                new StreamEvent.ToolCallDelta(0, "t1", "now", ""), new StreamEvent.ToolCallDelta(0, null, null, "{}"),
                decoded.events().getLast());
        assertThat(decoded.events().getLast()).isInstanceOfSatisfying(StreamEvent.Finished.class, f -> {
            assertThat(f.usage().input()).isEqualTo(5);
            assertThat(f.usage().output()).isEqualTo(9);
        });
    }

    @Test
    void serverToolBlocksAreSkippedWithoutShiftingToolCallIndexes() {
        Decoded decoded = decode(START, """
                {"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"s1","name":"web_search","input":{}}}
                {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"query\\":\\"x\\"}"}}
                {"type":"content_block_stop","index":0}
                {"type":"some_future_event","index":0}
                {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"t1","name":"f","input":{}}}
                {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"a\\":1}"}}
                {"type":"content_block_stop","index":1}""", STOP);

        assertThat(decoded.error()).isNull();
        assertThat(decoded.events()).filteredOn(StreamEvent.ToolCallDelta.class::isInstance).containsExactly(
                new StreamEvent.ToolCallDelta(0, "t1", "f", ""), new StreamEvent.ToolCallDelta(0, null, null, "{\"a\":1}"));
    }

    @Test
    void contentBeforeMessageStartIsAnUpstreamFault() {
        Decoded decoded = decode("""
                {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""");

        assertThat(decoded.error()).isInstanceOfSatisfying(GatewayException.UpstreamUnreachable.class,
                e -> assertThat(e.code()).isEqualTo("bad_upstream_response"));
    }

    @Test
    void nothingAfterMessageStopIsDecoded() {
        Decoded decoded = decode(START, STOP, """
                {"type":"content_block_start","index":0,"content_block":{"type":"text","text":"late"}}""");

        assertThat(decoded.error()).isNull();
        assertThat(decoded.events()).hasSize(2).last().isInstanceOf(StreamEvent.Finished.class);
    }

    @Test
    void theFramingHelperSplitsOneEventPerPayload() {
        assertThat(decode(START).events()).isEqualTo(List.of(new StreamEvent.Started("msg_1", "claude", 0, START_USAGE)));
    }

    /** Each line of the given blocks as one named event, framed as Anthropic frames them. */
    private static Decoded decode(String... lines) {
        StringBuilder sse = new StringBuilder();
        for (String line : String.join("\n", lines).split("\n(?=\\{\"type\")")) {
            String data = line.replace("\n", "");
            String type = data.replaceAll("^\\{\"type\":\"([a-z_]+)\".*", "$1");
            sse.append("event: ").append(type).append("\ndata: ").append(data).append("\n\n");
        }
        byte[] bytes = sse.toString().getBytes(StandardCharsets.UTF_8);
        return AnthropicStreams.decode(bytes, 17);
    }
}
