package dev.llmgate.provider.anthropic;

import dev.llmgate.chat.FinishReason;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.chat.Usage;
import dev.llmgate.provider.StreamDecoder;
import dev.llmgate.provider.http.SseEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decodes an Anthropic Messages stream: {@code message_start}, content blocks opened, filled and closed by
 * index, {@code message_delta} with the stop reason and usage, {@code message_stop}. The usage of
 * {@code message_start} is updated field by field by {@code message_delta}, and {@link StreamEvent.Finished}
 * carries the result at {@code message_stop}. Tool calls are numbered among tool calls only, so a text block
 * before them does not shift their index. Block types with no canonical meaning (server tools, compaction) are
 * skipped; an {@code error} event is thrown.
 */
final class AnthropicStreamDecoder implements StreamDecoder {

    private enum State { AWAITING_START, IN_MESSAGE, STOPPED }

    private enum Kind { TEXT, THINKING, REDACTED_THINKING, TOOL_USE, OTHER }

    /** An open content block; a tool call that streamed no arguments gets "{}" when it closes. */
    private static final class Block {
        final Kind kind;
        final int toolIndex;
        boolean sentArguments;

        Block(Kind kind, int toolIndex) {
            this.kind = kind;
            this.toolIndex = toolIndex;
        }
    }

    private State state = State.AWAITING_START;
    private final Map<Integer, Block> blocks = new HashMap<>();
    private int toolCalls;
    private ObjectNode usage;
    private String stopReason;

    @Override
    public List<StreamEvent> decode(SseEvent event) {
        if (state == State.STOPPED) {
            return List.of();
        }
        ObjectNode data = event.json();
        String type = data.path("type").asString(event.event() == null ? "" : event.event());
        if (type.equals("error")) {
            state = State.STOPPED;
            throw AnthropicErrors.inStream(data);
        }
        if (type.equals("message_start")) {
            return start(data);
        }
        if (state == State.AWAITING_START && !type.equals("ping")) {
            state = State.STOPPED;
            throw new GatewayException.UpstreamUnreachable("The upstream stream sent '" + type
                    + "' before 'message_start'.", "bad_upstream_response");
        }
        return switch (type) {
            case "content_block_start" -> blockStart(data.path("index").asInt(), data.path("content_block"));
            case "content_block_delta" -> blockDelta(blocks.get(data.path("index").asInt()), data.path("delta"));
            case "content_block_stop" -> blockStop(blocks.remove(data.path("index").asInt()));
            case "message_delta" -> {
                messageDelta(data);
                yield List.of();
            }
            case "message_stop" -> stop();
            default -> List.of(); // ping, and event types Anthropic may add
        };
    }

    @Override
    public List<StreamEvent> end() {
        if (state == State.STOPPED) {
            return List.of();
        }
        throw new GatewayException.UpstreamUnreachable(
                "The upstream stream ended before the answer was complete.", "stream_interrupted");
    }

    /** {@code message_start}'s counts (the input, known at once), updated by any {@code message_delta} since. */
    @Override
    public Usage usageSoFar() {
        return AnthropicUsage.fromWire(usage);
    }

    @Override
    public boolean complete() {
        return state == State.STOPPED;
    }

    private List<StreamEvent> start(ObjectNode data) {
        if (state != State.AWAITING_START) {
            throw new GatewayException.UpstreamUnreachable("The upstream stream sent a second 'message_start'.",
                    "bad_upstream_response");
        }
        state = State.IN_MESSAGE;
        JsonNode message = data.path("message");
        if (message.get("usage") instanceof ObjectNode startUsage) {
            usage = startUsage.deepCopy();
        }
        return List.of(new StreamEvent.Started(message.path("id").asString(""), message.path("model").asString(""), 0,
                AnthropicUsage.fromWire(usage == null ? null : usage.deepCopy())));
    }

    private List<StreamEvent> blockStart(int index, JsonNode block) {
        String type = block.path("type").asString("");
        switch (type) {
            case "text" -> {
                blocks.put(index, new Block(Kind.TEXT, -1));
                String text = block.path("text").asString("");
                return text.isEmpty() ? List.of() : List.of(new StreamEvent.TextDelta(text));
            }
            case "thinking" -> {
                blocks.put(index, new Block(Kind.THINKING, -1));
                String text = block.path("thinking").asString("");
                String signature = block.path("signature").asString("");
                return text.isEmpty() && signature.isEmpty() ? List.of() : List.of(new StreamEvent.ReasoningDelta(
                        text.isEmpty() ? null : text, signature.isEmpty() ? null : signature));
            }
            case "redacted_thinking" -> {
                blocks.put(index, new Block(Kind.REDACTED_THINKING, -1));
                return List.of(new StreamEvent.RedactedReasoning(block.path("data").asString("")));
            }
            case "tool_use" -> {
                Block tool = new Block(Kind.TOOL_USE, toolCalls++);
                blocks.put(index, tool);
                JsonNode input = block.path("input");
                // the input arrives as input_json_delta fragments; a whole input here is unusual but valid
                String arguments = input.isObject() && !input.isEmpty() ? Json.text(input) : "";
                tool.sentArguments = !arguments.isEmpty();
                return List.of(new StreamEvent.ToolCallDelta(tool.toolIndex, block.path("id").asString(""),
                        block.path("name").asString(""), arguments));
            }
            default -> {
                blocks.put(index, new Block(Kind.OTHER, -1));
                return List.of();
            }
        }
    }

    private static List<StreamEvent> none() {
        return List.of();
    }

    private List<StreamEvent> blockDelta(Block block, JsonNode delta) {
        if (block == null) {
            throw new GatewayException.UpstreamUnreachable("The upstream stream sent a delta for a content block "
                    + "it had not started.", "bad_upstream_response");
        }
        String type = delta.path("type").asString("");
        return switch (block.kind) {
            case TEXT -> type.equals("text_delta") ? text(delta.path("text").asString("")) : none();
            case THINKING -> switch (type) {
                case "thinking_delta" -> {
                    String text = delta.path("thinking").asString("");
                    yield text.isEmpty() ? none() : List.of(new StreamEvent.ReasoningDelta(text, null));
                }
                case "signature_delta" -> List.of(new StreamEvent.ReasoningDelta(null,
                        delta.path("signature").asString("")));
                default -> none();
            };
            case TOOL_USE -> {
                String fragment = delta.path("partial_json").asString("");
                if (!type.equals("input_json_delta") || fragment.isEmpty()) {
                    yield none();
                }
                block.sentArguments = true;
                yield List.of(new StreamEvent.ToolCallDelta(block.toolIndex, null, null, fragment));
            }
            case REDACTED_THINKING, OTHER -> none();
        };
    }

    private static List<StreamEvent> text(String text) {
        return text.isEmpty() ? List.of() : List.of(new StreamEvent.TextDelta(text));
    }

    private static List<StreamEvent> blockStop(Block block) {
        if (block != null && block.kind == Kind.TOOL_USE && !block.sentArguments) {
            // a call without arguments streams none; clients parse the arguments, so give an empty object
            return List.of(new StreamEvent.ToolCallDelta(block.toolIndex, null, null, "{}"));
        }
        return List.of();
    }

    private void messageDelta(ObjectNode data) {
        JsonNode reason = data.path("delta").get("stop_reason");
        if (reason != null && reason.isString()) {
            stopReason = reason.stringValue();
        }
        // message_delta's counts are cumulative and replace those of message_start
        if (data.get("usage") instanceof ObjectNode deltaUsage) {
            if (usage == null) {
                usage = Json.object();
            }
            usage.setAll(deltaUsage);
        }
    }

    private List<StreamEvent> stop() {
        state = State.STOPPED;
        FinishReason reason = AnthropicResponseCodec.finishReasonFromWire(stopReason, toolCalls > 0);
        return List.of(new StreamEvent.Finished(reason, AnthropicUsage.fromWire(usage)));
    }
}
