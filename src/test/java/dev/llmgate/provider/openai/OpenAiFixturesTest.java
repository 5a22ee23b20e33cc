package dev.llmgate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.catalog.Platform;
import dev.llmgate.catalog.PlatformCatalog;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamAssembler;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.provider.ParamRules;
import dev.llmgate.provider.StreamDecoder;
import dev.llmgate.provider.Upstream;
import dev.llmgate.provider.http.HttpReply;
import dev.llmgate.provider.http.SseBatch;
import dev.llmgate.provider.http.SseEvent;
import dev.llmgate.provider.http.SseParser;
import dev.llmgate.provider.http.Timing;
import dev.llmgate.testing.Canonical;
import dev.llmgate.testing.Fixtures;
import dev.llmgate.testing.Golden;
import dev.llmgate.testing.OpenAiSchemas;
import io.vertx.core.buffer.Buffer;
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
 * Every recorded OpenAI-dialect exchange (OpenAI, OpenRouter, Groq, DeepSeek, Mistral, Ollama) through the
 * dialect's translation, compared with golden outputs; client-facing output is also checked against OpenAI's
 * published schema.
 */
class OpenAiFixturesTest {

    static final List<String> VENDORS = List.of("openai", "openrouter", "groq", "deepseek", "mistral", "ollama");
    private static final OpenAiDialect DIALECT = new OpenAiDialect();

    static Stream<String> requests() {
        return Fixtures.list(VENDORS, "*.request.json").stream();
    }

    static Stream<String> responses() {
        return Fixtures.list(VENDORS, "*.json").stream()
                .filter(f -> !f.endsWith(".request.json") && !f.contains("/error-"));
    }

    static Stream<String> errors() {
        return Fixtures.list(VENDORS, "error-*.json").stream().filter(f -> !f.endsWith(".request.json"));
    }

    static Stream<String> streams() {
        return Stream.concat(Fixtures.list(VENDORS, "*.sse").stream(),
                Fixtures.list(VENDORS, "*.chunks.jsonl").stream());
    }

    @ParameterizedTest
    @MethodSource("requests")
    void requestSurvivesTheRoundTrip(String fixture) {
        ObjectNode original = (ObjectNode) Json.parseObject(Fixtures.bytes(fixture));
        ChatRequest canonical = OpenAiRequestCodec.fromWire(original.deepCopy());
        ParamRules rules = platformRules(fixture.substring(0, fixture.indexOf('/')));
        ObjectNode wire = OpenAiRequestCodec.toWire(upstream(canonical.model()).withRules(rules), canonical);

        assertThat(Golden.reparsed(wire)).as("same-dialect request keeps every field")
                .isEqualTo(Golden.reparsed(normalised(original, rules)));
        Golden.check("openai/" + fixture.replace(".json", ".golden.json"),
                Json.object().<ObjectNode>set("canonical", Canonical.describe(canonical)).set("wire", wire));
    }

    @ParameterizedTest
    @MethodSource("responses")
    void responseTranslatesAndConformsToTheSchema(String fixture) {
        ChatResponse canonical = DIALECT.fromWire(upstream("m"), Fixtures.bytes(fixture));
        ObjectNode client = OpenAiResponseCodec.toWire(canonical);

        assertThat(OpenAiSchemas.responseErrors(client)).isEmpty();
        Golden.check("openai/" + fixture.replace(".json", ".golden.json"),
                Json.object().<ObjectNode>set("canonical", Canonical.describe(canonical)).set("client", client));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void errorKeepsTheUpstreamStatusAndMessage(String fixture) {
        int status = Integer.parseInt(fixture.replaceAll(".*/error-(\\d{3}).*", "$1"));
        Map<String, String> headers = status == 429 ? Map.of("retry-after", "7") : Map.of();
        GatewayException error = DIALECT.errorFromWire(new HttpReply(status, name -> headers.get(name.toLowerCase()),
                Fixtures.bytes(fixture), new Timing(0, 0, 0)));

        assertThat(error.status()).isEqualTo(status);
        assertThat(error.retryable()).isEqualTo(status == 429 || status >= 500);
        ObjectNode described = Json.object().put("status", error.status()).put("message", error.getMessage())
                .put("code", error.code()).put("param", error.param()).put("retryable", error.retryable())
                .put("retry_after_ms", error.retryAfter() == null ? null : error.retryAfter().toMillis());
        Golden.check("openai/" + fixture.replace(".json", ".golden.json"), described);
    }

    @ParameterizedTest
    @MethodSource("streams")
    void streamDecodesTheSameHoweverItIsSplit(String fixture) {
        byte[] bytes = fixture.endsWith(".jsonl") ? Fixtures.chunksAsSse(fixture, true) : Fixtures.bytes(fixture);
        ObjectNode whole = decode(bytes, bytes.length);
        for (int size : new int[] {1, 7, 64, 333}) {
            assertThat(decode(bytes, size)).as("decoded from %d-byte pieces", size).isEqualTo(whole);
        }
        for (JsonNode chunk : whole.path("client_chunks")) {
            assertThat(OpenAiSchemas.chunkErrors(chunk)).as("chunk %s", chunk).isEmpty();
        }
        Golden.check("openai/" + fixture.replaceAll("\\.(sse|chunks\\.jsonl)$", ".stream.golden.json"), whole);
    }

    /** Decodes a recorded stream fed in pieces of {@code size} bytes; re-encodes it as a client would get it. */
    private static ObjectNode decode(byte[] bytes, int size) {
        SseParser parser = new SseParser();
        StreamDecoder decoder = DIALECT.streamDecoder(upstream("m"));
        StreamAssembler assembler = new StreamAssembler();
        List<StreamEvent> events = new ArrayList<>();
        ObjectNode result = Json.object();
        try {
            for (int offset = 0; offset < bytes.length; offset += size) {
                SseBatch batch = parser.feed(Buffer.buffer().appendBytes(bytes, offset,
                        Math.min(size, bytes.length - offset)));
                for (SseEvent event : batch.events()) {
                    events.addAll(decoder.decode(event));
                }
            }
            events.addAll(decoder.end());
        } catch (GatewayException e) {
            result.set("error", Json.object().put("status", e.status()).put("message", e.getMessage())
                    .put("code", e.code()));
        }
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

    /** The vendor's own rules from the built-in platform list (the fixture folders are named after platforms). */
    private static ParamRules platformRules(String vendor) {
        Platform platform = PlatformCatalog.load(List.of(), Map.of()).get(vendor);
        return new ParamRules(platform.rename(), platform.drop(), platform.forward());
    }

    private static Upstream upstream(String model) {
        return new Upstream("test", OpenAiDialect.ID, new Upstream.Endpoint("http://upstream", "k", Map.of()),
                ParamRules.NONE, model);
    }

    /**
     * The recorded request as the gateway is expected to forward it: the same fields under the same names,
     * explicit nulls included, with these equivalences only: empty tool-call lists are left out (OpenAI
     * refuses them), a one-part text content becomes a string, {@code stop} an array, {@code stream: false}
     * is left to its default, a stream always asks for usage, and the vendor's own parameter rules apply.
     */
    private static ObjectNode normalised(ObjectNode original, ParamRules rules) {
        ObjectNode expected = original.deepCopy();
        if (expected.path("stop").isString()) {
            expected.putArray("stop").add(original.get("stop").stringValue());
        }
        if (expected.path("stream").asBoolean(false)) {
            ObjectNode options = expected.has("stream_options") ? (ObjectNode) expected.get("stream_options")
                    : expected.putObject("stream_options");
            options.put("include_usage", true);
        } else {
            expected.remove("stream_options");
            expected.remove("stream"); // false is the default
        }
        for (JsonNode message : expected.path("messages")) {
            if (message.path("tool_calls").isEmpty()) {
                ((ObjectNode) message).remove("tool_calls");
            }
            JsonNode content = message.get("content");
            if (content != null && content.isArray() && content.size() == 1
                    && content.get(0).path("type").asString("").equals("text") && content.get(0).size() == 2) {
                ((ObjectNode) message).put("content", content.get(0).get("text").stringValue());
            }
        }
        rules.applyTo(expected);
        return expected;
    }
}
