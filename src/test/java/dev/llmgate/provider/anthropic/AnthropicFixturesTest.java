package dev.llmgate.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.provider.ParamRules;
import dev.llmgate.provider.Upstream;
import dev.llmgate.provider.http.HttpReply;
import dev.llmgate.provider.http.SseEvent;
import dev.llmgate.provider.http.SseParser;
import dev.llmgate.provider.anthropic.AnthropicStreams.Decoded;
import dev.llmgate.provider.http.Timing;
import dev.llmgate.provider.openai.OpenAiChunks;
import dev.llmgate.provider.openai.OpenAiRequestCodec;
import dev.llmgate.provider.openai.OpenAiResponseCodec;
import dev.llmgate.testing.Canonical;
import dev.llmgate.testing.Fixtures;
import dev.llmgate.testing.Golden;
import dev.llmgate.testing.OpenAiSchemas;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every recorded Anthropic exchange through the dialect's translation, compared with golden outputs: requests
 * survive an Anthropic-to-Anthropic round trip, responses reach Anthropic clients unchanged and OpenAI clients
 * in OpenAI's published shape, streams decode the same however they are split and survive re-encoding.
 * Recorded OpenAI-dialect requests are also translated for an Anthropic upstream.
 */
class AnthropicFixturesTest {

    private static final List<String> ANTHROPIC = List.of("anthropic");
    private static final List<String> OPENAI_VENDORS =
            List.of("openai", "openrouter", "groq", "deepseek", "mistral", "ollama");
    /** A count_tokens body: the Messages API requires max_tokens, which this endpoint does not take. */
    static final String COUNT_TOKENS_REQUEST = "anthropic/error-404-not-found.request.json";
    /** Saved without the blank line that ends its last event (real streams end with one); see {@link #terminated}. */
    static final String UNTERMINATED = "anthropic/stream-tool-use-sdk-fixture.sse";
    private static final AnthropicDialect DIALECT = new AnthropicDialect();

    static Stream<String> requests() {
        return Fixtures.list(ANTHROPIC, "*.request.json").stream().filter(f -> !f.equals(COUNT_TOKENS_REQUEST));
    }

    static Stream<String> openAiRequests() {
        return Fixtures.list(OPENAI_VENDORS, "*.request.json").stream();
    }

    static Stream<String> responses() {
        return Fixtures.list(ANTHROPIC, "*.json").stream()
                .filter(f -> !f.endsWith(".request.json") && !f.contains("/error-"));
    }

    static Stream<String> openAiResponses() {
        return Fixtures.list(OPENAI_VENDORS, "*.json").stream()
                .filter(f -> !f.endsWith(".request.json") && !f.contains("/error-"));
    }

    static Stream<String> errors() {
        return Fixtures.list(ANTHROPIC, "error-*.json").stream().filter(f -> !f.endsWith(".request.json"));
    }

    static Stream<String> streams() {
        return Stream.concat(Fixtures.list(ANTHROPIC, "*.sse").stream(),
                Fixtures.list(ANTHROPIC, "*.chunks.jsonl").stream());
    }

    @ParameterizedTest
    @MethodSource("requests")
    void requestSurvivesTheRoundTrip(String fixture) {
        ObjectNode original = Json.parseObject(Fixtures.bytes(fixture));
        ChatRequest canonical = AnthropicRequestCodec.fromWire(original.deepCopy());
        ObjectNode wire = AnthropicRequestCodec.toWire(upstream(canonical.model()), canonical);

        assertThat(wire).as("same-dialect request keeps every field").isEqualTo(normalised(original));
        Golden.check(fixture.replace(".json", ".golden.json"),
                Json.object().<ObjectNode>set("canonical", Canonical.describe(canonical)).set("wire", wire));
    }

    @ParameterizedTest
    @MethodSource("openAiRequests")
    void openAiRequestTranslatesForAnthropic(String fixture) {
        ChatRequest canonical = OpenAiRequestCodec.fromWire(Json.parseObject(Fixtures.bytes(fixture)));
        ObjectNode result = Json.object();
        try {
            ObjectNode wire = AnthropicRequestCodec.toWire(upstream("claude-test"), canonical);
            assertThat(wire.get("max_tokens").asInt()).isGreaterThan(wire.path("thinking").path("budget_tokens").asInt());
            assertThat(alternates(wire.get("messages"))).as("roles alternate").isTrue();
            result.set("wire", wire);
        } catch (GatewayException.BadRequest e) {
            result.set("error", Json.object().put("message", e.getMessage()).put("param", e.param()));
        }
        Golden.check("anthropic/from-openai/" + fixture.replace(".request.json", ".golden.json"), result);
    }

    @ParameterizedTest
    @MethodSource("responses")
    void responseReachesBothKindsOfClient(String fixture) {
        ObjectNode original = Json.parseObject(Fixtures.bytes(fixture));
        ChatResponse canonical = DIALECT.fromWire(upstream("m"), Fixtures.bytes(fixture));
        ObjectNode anthropicClient = AnthropicResponseCodec.toWire(canonical);
        ObjectNode openAiClient = OpenAiResponseCodec.toWire(canonical);

        assertThat(anthropicClient).as("an Anthropic client gets the upstream's message").isEqualTo(original);
        assertThat(OpenAiSchemas.responseErrors(openAiClient)).isEmpty();
        Golden.check(fixture.replace(".json", ".golden.json"), Json.object()
                .<ObjectNode>set("canonical", Canonical.describe(canonical)).set("openai_client", openAiClient));
    }

    @ParameterizedTest
    @MethodSource("openAiResponses")
    void openAiResponseReachesAnAnthropicClient(String fixture) {
        ChatResponse canonical = OpenAiResponseCodec.fromWire(Json.parseObject(Fixtures.bytes(fixture)));
        ObjectNode client = AnthropicResponseCodec.toWire(canonical);

        assertThat(client.get("content")).allSatisfy(block -> assertThat(block.get("type").stringValue())
                .isIn("text", "thinking", "redacted_thinking", "tool_use"));
        assertThat(client.get("usage").get("input_tokens").asLong() + client.get("usage").get("cache_read_input_tokens")
                .asLong() + client.get("usage").get("cache_creation_input_tokens").asLong())
                .as("Anthropic's input and cache counts add up to the prompt")
                .isEqualTo(canonical.usage() == null ? 0 : canonical.usage().input());
        Golden.check("anthropic/from-openai/" + fixture.replace(".json", ".message.golden.json"), client);
    }

    @ParameterizedTest
    @MethodSource("errors")
    void errorKeepsTheUpstreamStatusTypeAndMessage(String fixture) {
        int status = Integer.parseInt(fixture.replaceAll(".*/error-(\\d{3}).*", "$1"));
        Map<String, String> headers = status == 429 ? Map.of("retry-after", "7") : Map.of();
        GatewayException error = DIALECT.errorFromWire(new HttpReply(status, name -> headers.get(name.toLowerCase()),
                Fixtures.bytes(fixture), new Timing(0, 0, 0)));
        JsonNode original = Json.parseObject(Fixtures.bytes(fixture)).get("error");

        assertThat(error.status()).isEqualTo(status);
        assertThat(error.getMessage()).isEqualTo(original.get("message").stringValue());
        assertThat(error.retryable()).isEqualTo(status == 429 || status >= 500);
        assertThat(AnthropicErrors.envelope(error).get("error")).as("an Anthropic client gets the same error")
                .isEqualTo(original);
        ObjectNode described = Json.object().put("status", error.status()).put("message", error.getMessage())
                .put("type", ((GatewayException.UpstreamError) error).type()).put("code", error.code())
                .put("retryable", error.retryable())
                .put("retry_after_ms", error.retryAfter() == null ? null : error.retryAfter().toMillis());
        Golden.check(fixture.replace(".json", ".golden.json"), described);
    }

    @ParameterizedTest
    @MethodSource("streams")
    void streamDecodesTheSameHoweverItIsSplitAndSurvivesReEncoding(String fixture) {
        byte[] bytes = fixture.endsWith(".jsonl") ? Fixtures.chunksAsNamedEvents(fixture) : terminated(fixture);
        Decoded whole = AnthropicStreams.decode(bytes, bytes.length);
        for (int size : new int[] {1, 7, 64, 333}) {
            assertThat(AnthropicStreams.decode(bytes, size).described()).as("decoded from %d-byte pieces", size)
                    .isEqualTo(whole.described());
        }
        ObjectNode result = whole.described();
        if (whole.error() == null) {
            Buffer reEncoded = AnthropicStreams.encode(whole.events());
            Decoded again = AnthropicStreams.decode(reEncoded.getBytes(), 50);
            assertThat(again.described().get("events")).as("canonical events after re-encoding")
                    .isEqualTo(result.get("events"));
            result.set("anthropic_events", AnthropicStreams.describe(reEncoded));
            Buffer openAi = Buffer.buffer();
            OpenAiChunks chunks = new OpenAiChunks(true, 0, usage -> null);
            whole.events().forEach(e -> chunks.write(e, openAi));
            for (SseEvent event : new SseParser().feed(openAi).events()) {
                if (!event.isDone()) {
                    assertThat(OpenAiSchemas.chunkErrors(Json.parseUpstream(event.data()))).isEmpty();
                }
            }
            StreamEvent.Finished finished = (StreamEvent.Finished) whole.events().getLast();
            result.set("openai_usage", OpenAiResponseCodec.usageToWire(finished.usage()));
        }
        // a recording may exist both as .sse and as .chunks.jsonl: each keeps its own golden
        Golden.check(fixture.replaceAll("\\.sse$", ".stream.golden.json").replaceAll("\\.jsonl$", ".golden.json"),
                result);
    }

    @Test
    void anErrorEventMidStreamIsThrownAfterTheEventsBeforeIt() {
        String recorded = Fixtures.text("anthropic/stream-tool-use.sse");
        String cut = recorded.substring(0, recorded.indexOf("event: content_block_stop"));
        byte[] bytes = (cut + Fixtures.text("anthropic/stream-error-event-overloaded.sse")).getBytes();

        Decoded decoded = AnthropicStreams.decode(bytes, 13);

        assertThat(decoded.events()).hasSize(11).first().isInstanceOf(StreamEvent.Started.class);
        assertThat(decoded.events()).noneMatch(e -> e instanceof StreamEvent.Finished);
        assertThat(decoded.error()).isInstanceOf(GatewayException.UpstreamError.class);
        assertThat(decoded.error().status()).isEqualTo(529);
        assertThat(decoded.error().retryable()).isTrue();
        assertThat(((GatewayException.UpstreamError) decoded.error()).type()).isEqualTo("overloaded_error");
        assertThat(decoded.error().getMessage()).isEqualTo("Overloaded");
    }

    @Test
    void aStreamThatEndsBeforeMessageStopWasInterrupted() {
        String recorded = Fixtures.text("anthropic/stream-text.sse");
        byte[] bytes = recorded.substring(0, recorded.indexOf("event: message_stop")).getBytes();

        Decoded decoded = AnthropicStreams.decode(bytes, bytes.length);

        assertThat(decoded.error()).isInstanceOf(GatewayException.UpstreamUnreachable.class);
        assertThat(decoded.error().code()).isEqualTo("stream_interrupted");
        assertThat(decoded.error().retryable()).isTrue();
    }

    @Test
    void aLastEventWithoutItsBlankLineIsNotDispatched() {
        byte[] bytes = Fixtures.bytes(UNTERMINATED);

        Decoded decoded = AnthropicStreams.decode(bytes, bytes.length);

        assertThat(decoded.error()).isInstanceOf(GatewayException.UpstreamUnreachable.class);
        assertThat(decoded.error().code()).isEqualTo("stream_interrupted");
        assertThat(decoded.events()).noneMatch(e -> e instanceof StreamEvent.Finished);
    }

    @Test
    void theMessagesApiRejectsACountTokensBodyForItsMissingMaxTokens() {
        assertThatThrownBy(() -> AnthropicRequestCodec.fromWire(Json.parseObject(Fixtures.bytes(COUNT_TOKENS_REQUEST))))
                .isInstanceOfSatisfying(GatewayException.BadRequest.class,
                        e -> assertThat(e.param()).isEqualTo("max_tokens"));
    }

    /**
     * A recorded stream's bytes, with the final blank line restored where the file was saved without it: by
     * the SSE rules an unterminated last event is never dispatched (tested on its own below), which would hide
     * the rest of the recording.
     */
    private static byte[] terminated(String fixture) {
        String text = Fixtures.text(fixture);
        return (text.endsWith("\n\n") ? text : text.stripTrailing() + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    static Upstream upstream(String model) {
        return new Upstream("test", AnthropicDialect.ID, new Upstream.Endpoint("http://upstream", "k", Map.of()),
                ParamRules.NONE, model);
    }

    private static boolean alternates(JsonNode messages) {
        for (int i = 1; i < messages.size(); i++) {
            if (messages.get(i).get("role").equals(messages.get(i - 1).get("role"))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The recorded request as the gateway is expected to forward it: the same fields, with these equivalences
     * only, all documented by Anthropic: consecutive turns of one role are merged (the API merges them), a
     * content or system array of one bare text block becomes a plain string, and {@code stream: false} is left
     * to its default.
     */
    private static ObjectNode normalised(ObjectNode original) {
        ObjectNode expected = original.deepCopy();
        if (!expected.path("stream").asBoolean(false)) {
            expected.remove("stream");
        }
        if (expected.get("system") instanceof ArrayNode system) {
            expected.set("system", AnthropicMessages.compact(system));
        }
        ArrayNode merged = expected.putArray("messages");
        for (JsonNode message : original.get("messages")) {
            JsonNode last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            ArrayNode content = asBlocks(message.get("content"));
            if (last != null && last.get("role").equals(message.get("role"))) {
                ((ArrayNode) last.get("content")).addAll(content);
            } else {
                ObjectNode copy = (ObjectNode) message.deepCopy();
                copy.set("content", content);
                merged.add(copy);
            }
        }
        for (JsonNode message : merged) {
            ArrayNode content = (ArrayNode) message.get("content");
            for (JsonNode block : content) {
                if (block.get("content") instanceof ArrayNode inner) {
                    ((ObjectNode) block).set("content", AnthropicMessages.compact(inner));
                }
            }
            ((ObjectNode) message).set("content", AnthropicMessages.compact(content));
        }
        return expected;
    }

    private static ArrayNode asBlocks(JsonNode content) {
        if (content.isArray()) {
            return (ArrayNode) content.deepCopy();
        }
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        blocks.addObject().put("type", "text").put("text", content.stringValue());
        return blocks;
    }
}
