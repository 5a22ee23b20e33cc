package dev.llmgate.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamAssembler;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.provider.ParamRules;
import dev.llmgate.provider.StreamDecoder;
import dev.llmgate.provider.Upstream;
import dev.llmgate.provider.WireRequest;
import dev.llmgate.provider.http.HttpReply;
import dev.llmgate.provider.http.SseEvent;
import dev.llmgate.provider.http.SseParser;
import dev.llmgate.provider.http.Timing;
import dev.llmgate.provider.openai.OpenAiChunks;
import dev.llmgate.provider.openai.OpenAiRequestCodec;
import dev.llmgate.provider.openai.OpenAiResponseCodec;
import dev.llmgate.testing.Canonical;
import dev.llmgate.testing.Fixtures;
import dev.llmgate.testing.Golden;
import dev.llmgate.testing.OpenAiSchemas;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every recorded Gemini exchange through the dialect: requests built from an OpenAI client's equivalent are
 * compared with what was recorded, responses and streams with golden outputs (the canonical form and what an
 * OpenAI SDK client receives, checked against OpenAI's schema), errors with their status, type and wait.
 */
class GeminiFixturesTest {

    private static final List<String> FOLDER = List.of("gemini");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final GeminiDialect DIALECT = new GeminiDialect(CLOCK);

    static Stream<GeminiRequestCases.Case> requests() {
        return GeminiRequestCases.all().stream();
    }

    static Stream<String> responses() {
        return Fixtures.list(FOLDER, "*.json").stream()
                .filter(f -> !f.endsWith(".request.json") && !f.contains("/error-"));
    }

    static Stream<String> errors() {
        return Fixtures.list(FOLDER, "error-*.json").stream();
    }

    static Stream<String> streams() {
        return Stream.concat(Fixtures.list(FOLDER, "*.sse").stream(),
                Fixtures.list(FOLDER, "*.chunks.jsonl").stream());
    }

    @ParameterizedTest
    @MethodSource("requests")
    void requestMatchesTheRecordedOne(GeminiRequestCases.Case example) {
        ChatRequest canonical = OpenAiRequestCodec.fromWire(Json.parseObject(example.openAi().getBytes()));
        WireRequest wire = DIALECT.toWire(upstream(example.model()), canonical);
        ObjectNode body = Json.parseObject(wire.body());

        ObjectNode expected = normalised(Json.parseObject(Fixtures.bytes(example.fixture())));
        example.unexpressible().accept(expected);
        assertThat(body).as("the body Gemini got from the recorder, as far as an OpenAI client can say it")
                .isEqualTo(expected);
        assertThat(wire.path()).isEqualTo("/v1beta/models/" + example.model()
                + (canonical.isStream() ? ":streamGenerateContent?alt=sse" : ":generateContent"));
        assertThat(wire.headers()).containsEntry("x-goog-api-key", "test-key");
        Golden.check(golden(example.fixture(), ".request.json", ".request.golden.json"),
                Json.object().put("path", wire.path()).<ObjectNode>set("canonical", Canonical.describe(canonical))
                        .set("wire", body));
    }

    @ParameterizedTest
    @MethodSource("responses")
    void responseTranslatesAndConformsToOpenAiSchema(String fixture) {
        ObjectNode result = Json.object();
        try {
            ChatResponse canonical = DIALECT.fromWire(upstream("gemini-test"), Fixtures.bytes(fixture));
            ObjectNode client = OpenAiResponseCodec.toWire(canonical);
            assertThat(OpenAiSchemas.responseErrors(client)).isEmpty();
            result.set("canonical", Canonical.describe(canonical));
            result.set("client", client);
        } catch (GatewayException e) {
            assertThat(fixture).as("only blocked prompts fail").contains("prompt-blocked");
            result.set("error", describe(e));
        }
        Golden.check(golden(fixture, ".json", ".golden.json"), result);
    }

    @ParameterizedTest
    @MethodSource("errors")
    void errorKeepsStatusMessageTypeAndWait(String fixture) {
        int status = Integer.parseInt(fixture.replaceAll(".*/error-(\\d{3}).*", "$1"));
        Map<String, String> headers = status == 429 ? Map.of("retry-after", "7") : Map.of();
        GatewayException error = DIALECT.errorFromWire(new HttpReply(status, name -> headers.get(name.toLowerCase()),
                Fixtures.bytes(fixture), new Timing(0, 0, 0)));

        assertThat(error).isInstanceOf(GatewayException.UpstreamError.class);
        assertThat(error.status()).isEqualTo(status);
        assertThat(error.getMessage()).isEqualTo(Json.parseObject(Fixtures.bytes(fixture)).path("error")
                .path("message").asString());
        assertThat(error.retryable()).isEqualTo(status == 429);
        Golden.check(golden(fixture, ".json", ".golden.json"), describe(error));
    }

    @ParameterizedTest
    @MethodSource("streams")
    void streamDecodesTheSameHoweverItIsSplit(String fixture) {
        byte[] bytes = fixture.endsWith(".jsonl") ? Fixtures.chunksAsSse(fixture, false) : Fixtures.bytes(fixture);
        ObjectNode whole = decode(bytes, bytes.length);
        for (int size : new int[] {1, 7, 64}) {
            assertThat(decode(bytes, size)).as("decoded from %d-byte pieces", size).isEqualTo(whole);
        }
        for (JsonNode chunk : whole.path("client_chunks")) {
            assertThat(OpenAiSchemas.chunkErrors(chunk)).as("chunk %s", chunk).isEmpty();
        }
        Golden.check(golden(fixture, fixture.endsWith(".jsonl") ? ".chunks.jsonl" : ".sse", ".stream.golden.json"),
                whole);
    }

    @ParameterizedTest
    @MethodSource("requests")
    void aStreamedRequestCannotAskForSeveralAnswers(GeminiRequestCases.Case example) {
        ObjectNode openAi = Json.parseObject(example.openAi().getBytes());
        openAi.put("n", 2);
        ChatRequest canonical = OpenAiRequestCodec.fromWire(openAi);
        if (canonical.isStream()) {
            assertThatThrownBy(() -> DIALECT.toWire(upstream(example.model()), canonical))
                    .isInstanceOf(GatewayException.BadRequest.class).hasMessageContaining("'n'");
        } else {
            assertThat(Json.parseObject(DIALECT.toWire(upstream(example.model()), canonical).body())
                    .path("generationConfig").path("candidateCount").asInt()).isEqualTo(2);
        }
    }

    /** Decodes a recorded stream fed in pieces of {@code size} bytes, as the transport does. */
    static ObjectNode decode(byte[] bytes, int size) {
        SseParser parser = new SseParser();
        StreamDecoder decoder = DIALECT.streamDecoder(upstream("gemini-test"));
        List<StreamEvent> events = new ArrayList<>();
        ObjectNode result = Json.object();
        try {
            for (int offset = 0; offset < bytes.length; offset += size) {
                for (SseEvent event : parser.feed(Buffer.buffer().appendBytes(bytes, offset,
                        Math.min(size, bytes.length - offset))).events()) {
                    events.addAll(decoder.decode(event));
                }
            }
            events.addAll(decoder.end(parser.remainder()));
        } catch (GatewayException e) {
            result.set("error", describe(e));
        }
        StreamAssembler assembler = new StreamAssembler();
        events.forEach(assembler::accept);
        ArrayNode described = result.putArray("events");
        events.forEach(e -> described.add(Canonical.describe(e)));
        result.set("assembled", Canonical.describe(assembler.toResponse()));
        Buffer encoded = Buffer.buffer();
        OpenAiChunks chunks = new OpenAiChunks(true, 0, usage -> null);
        events.forEach(e -> chunks.write(e, encoded));
        ArrayNode clientChunks = result.putArray("client_chunks");
        for (SseEvent event : new SseParser().feed(encoded).events()) {
            if (!event.isDone()) {
                clientChunks.add(Json.parseUpstream(event.data()));
            }
        }
        return result;
    }

    static ObjectNode describe(GatewayException e) {
        ObjectNode described = Json.object().put("exception", e.getClass().getSimpleName())
                .put("status", e.status()).put("message", e.getMessage()).put("code", e.code())
                .put("param", e.param()).put("retryable", e.retryable())
                .put("retry_after_ms", e.retryAfter() == null ? null : e.retryAfter().toMillis());
        if (e instanceof GatewayException.UpstreamError upstream) {
            described.put("type", upstream.type());
        }
        return described;
    }

    static Upstream upstream(String model) {
        return new Upstream("gemini", GeminiDialect.ID, new Upstream.Endpoint(
                "https://generativelanguage.googleapis.com", "test-key", Map.of()), ParamRules.NONE, model);
    }

    private static String golden(String fixture, String suffix, String goldenSuffix) {
        String name = fixture.substring(fixture.indexOf('/') + 1);
        return "gemini/" + name.substring(0, name.length() - suffix.length()) + goldenSuffix;
    }

    /**
     * The recorded request with these equivalences only: the default {@code responseModalities: ["TEXT"]}
     * and an empty {@code generationConfig} are left out, as is the system instruction's role (Gemini
     * ignores it), and {@code thinkingConfig}'s snake_case keys, which Gemini also accepts, are camelCase.
     */
    private static ObjectNode normalised(ObjectNode recorded) {
        ObjectNode expected = recorded.deepCopy();
        if (expected.get("generationConfig") instanceof ObjectNode config) {
            if (config.path("responseModalities").equals(Json.MAPPER.createArrayNode().add("TEXT"))) {
                config.remove("responseModalities");
            }
            if (config.get("thinkingConfig") instanceof ObjectNode thinking) {
                for (String key : List.of("thinking_budget", "include_thoughts")) {
                    JsonNode value = thinking.remove(key);
                    if (value != null) {
                        String camel = key.equals("thinking_budget") ? "thinkingBudget" : "includeThoughts";
                        thinking.set(camel, value);
                    }
                }
            }
            if (config.isEmpty()) {
                expected.remove("generationConfig");
            }
        }
        if (expected.get("systemInstruction") instanceof ObjectNode system) {
            system.remove("role");
        }
        return expected;
    }
}
