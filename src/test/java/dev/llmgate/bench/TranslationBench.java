package dev.llmgate.bench;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.StreamEvent;
import dev.llmgate.provider.ParamRules;
import dev.llmgate.provider.StreamDecoder;
import dev.llmgate.provider.Upstream;
import dev.llmgate.provider.http.SseBatch;
import dev.llmgate.provider.http.SseEvent;
import dev.llmgate.provider.http.SseParser;
import dev.llmgate.provider.anthropic.AnthropicDialect;
import dev.llmgate.provider.anthropic.AnthropicRequestCodec;
import dev.llmgate.provider.anthropic.AnthropicResponseCodec;
import dev.llmgate.provider.openai.OpenAiChunks;
import dev.llmgate.provider.openai.OpenAiDialect;
import dev.llmgate.provider.openai.OpenAiRequestCodec;
import dev.llmgate.provider.openai.OpenAiAnswerScan;
import dev.llmgate.provider.openai.OpenAiResponseCodec;
import dev.llmgate.testing.Fixtures;
import io.vertx.core.buffer.Buffer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The translation hot path, without I/O: what the gateway does to a request on its way up and to the
 * answer on its way back. Run with {@code scripts/jmh.sh} (not part of the test run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-XX:+UseParallelGC"})
public class TranslationBench {

    private static final BigDecimal COST = new BigDecimal("0.0000123");

    private static final Upstream UPSTREAM = new Upstream("openai", OpenAiDialect.ID,
            new Upstream.Endpoint("http://127.0.0.1:1/v1", "k", Map.of()), ParamRules.NONE, "gpt-4o-mini");
    private static final OpenAiDialect DIALECT = new OpenAiDialect();

    private final byte[] request = ("{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":"
            + "\"You are a concise assistant.\"},{\"role\":\"user\",\"content\":\"Explain in two sentences what an "
            + "API gateway for language models does, and why a team would put one between its applications and the "
            + "model providers it uses.\"}],\"temperature\":0.7}").getBytes(StandardCharsets.UTF_8);
    private final byte[] response = Fixtures.bytes("openai/chat-text-2026.json");
    private final byte[] toolStream = Fixtures.bytes("openai/stream-tool-calls-parallel.sse");
    private final byte[] anthropicRequest = Fixtures.bytes("anthropic/messages-text-and-tool-use.request.json");
    private final byte[] anthropicResponse = Fixtures.bytes("anthropic/messages-text-and-tool-use.json");
    private final byte[] anthropicStream = Fixtures.bytes("anthropic/stream-tool-use.sse");
    private static final Upstream ANTHROPIC = new Upstream("anthropic", AnthropicDialect.ID,
            new Upstream.Endpoint("http://127.0.0.1:1", "k", Map.of()), ParamRules.NONE, "claude-sonnet-5");
    private static final AnthropicDialect ANTHROPIC_DIALECT = new AnthropicDialect();

    /** Client body → canonical → upstream body (OpenAI to an OpenAI-dialect upstream). */
    @Benchmark
    public byte[] requestUp() {
        ChatRequest canonical = OpenAiRequestCodec.fromWire(Json.parseObject(request));
        return DIALECT.toWire(UPSTREAM.withModel("gpt-4o-mini"), canonical).body();
    }

    /** Upstream body → canonical → client body. */
    @Benchmark
    public byte[] responseDown() {
        ChatResponse canonical = DIALECT.fromWire(UPSTREAM, response);
        return Json.bytes(OpenAiResponseCodec.toWire(canonical));
    }

    /** The same answer as it goes to an OpenAI client now: scanned, relayed as received with its cost inserted. */
    @Benchmark
    public Buffer responseRelayed() {
        return OpenAiAnswerScan.withCost(DIALECT.verbatim(response), COST);
    }

    /** OpenAI client body → canonical → Anthropic upstream body. */
    @Benchmark
    public byte[] openAiRequestToAnthropic() {
        ChatRequest canonical = OpenAiRequestCodec.fromWire(Json.parseObject(request));
        return ANTHROPIC_DIALECT.toWire(ANTHROPIC, canonical).body();
    }

    /** Anthropic upstream answer → canonical → OpenAI client body. */
    @Benchmark
    public byte[] anthropicResponseToOpenAi() {
        return Json.bytes(OpenAiResponseCodec.toWire(ANTHROPIC_DIALECT.fromWire(ANTHROPIC, anthropicResponse)));
    }

    /** Anthropic client body → canonical → OpenAI upstream body. */
    @Benchmark
    public byte[] anthropicRequestToOpenAi() {
        ChatRequest canonical = AnthropicRequestCodec.fromWire(Json.parseObject(anthropicRequest));
        return DIALECT.toWire(UPSTREAM, canonical).body();
    }

    /** OpenAI upstream answer → canonical → Anthropic client body. */
    @Benchmark
    public byte[] openAiResponseToAnthropic() {
        return Json.bytes(AnthropicResponseCodec.toWire(DIALECT.fromWire(UPSTREAM, response)));
    }

    /** A recorded Anthropic tool-use stream decoded and re-encoded as OpenAI chunks. */
    @Benchmark
    public Buffer anthropicStreamToOpenAiChunks() {
        SseParser parser = new SseParser();
        StreamDecoder decoder = ANTHROPIC_DIALECT.streamDecoder(ANTHROPIC);
        OpenAiChunks chunks = new OpenAiChunks(true, 0, usage -> null);
        Buffer out = Buffer.buffer(4096);
        for (SseEvent event : parser.feed(Buffer.buffer(anthropicStream)).events()) {
            for (StreamEvent decoded : decoder.decode(event)) {
                chunks.write(decoded, out);
            }
        }
        decoder.end().forEach(e -> chunks.write(e, out));
        return out;
    }

    /** A recorded 20-event tool-call stream framed and decoded (the relay writes the bytes as received). */
    @Benchmark
    public void streamDecode(Blackhole sink) {
        SseParser parser = new SseParser();
        StreamDecoder decoder = DIALECT.streamDecoder(UPSTREAM);
        SseBatch batch = parser.feed(Buffer.buffer(toolStream));
        for (SseEvent event : batch.events()) {
            for (StreamEvent decoded : decoder.decode(event)) {
                sink.consume(decoded);
            }
        }
        sink.consume(decoder.end());
    }
}
