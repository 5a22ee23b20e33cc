package dev.llmgate.testing;

import dev.llmgate.chat.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import tools.jackson.databind.JsonNode;

/**
 * A local stand-in for a provider that replays recorded bytes. What it does is chosen by the model string
 * it receives — in the body, or in the path for Gemini, where fixture paths use {@code ~} for {@code /} — so
 * each test says what it wants in its request:
 * <ul>
 * <li>{@code replay:<fixture>} — the fixture's bytes: streams as SSE, {@code error-NNN-*} with status NNN;</li>
 * <li>{@code delay:<ms>:<fixture>} — the fixture, after a wait;</li>
 * <li>{@code retry-after:<s>:<fixture>} — the fixture with a {@code Retry-After: <s>} header (an error
 * recording whose headers were not kept);</li>
 * <li>{@code cut:<fixture>:<n>} — the first n SSE events of a stream, then the connection is closed;</li>
 * <li>{@code slow:<fixture>:<ms>} — a stream's events spaced by ms;</li>
 * <li>{@code switch:<name>:<fixture>} — 503 while {@link #failing} says so for name (at first), else the fixture;</li>
 * <li>{@code hang} — reads the request and never answers; {@code reset} — closes the connection;</li>
 * <li>{@code stall:<fixture>} — the status, headers and first half of the fixture's bytes, then nothing;</li>
 * <li>{@code long:<fixture>:<times>} — a long stream: the recorded one with its content events (all but the
 * first and the last three) sent {@code times} over, written only as fast as the gateway reads it
 * ({@link #sentBytes}, {@link #finished});</li>
 * <li>{@code open:hang}, {@code open:reset} — a 200 event stream whose headers are sent, then nothing more, or
 * the connection dropped, before any event;</li>
 * <li>{@code sse-error:<code>} — a 200 event stream whose first event is an OpenAI-style in-band error
 * ({@code data: {"error": {..., "code": <code>}}}), as OpenRouter and Groq send them;</li>
 * <li>{@code status:<code>[:<ms>]} — an OpenAI-style error with that status, with {@code retry-after-ms: <ms>}
 * when given (a 429 without it says {@code Retry-After: 3}).</li>
 * </ul>
 * Every request received is recorded, so a test can check what reached the upstream (or that nothing did).
 */
public final class FakeUpstream implements AutoCloseable {

    /** What the fake answers to a token-counting request. */
    public static final int COUNTED_TOKENS = 1234;

    /** A request as the fake received it. */
    public record Received(String path, Map<String, String> headers, JsonNode body, String model) {}

    private final Vertx vertx;
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connectionsClosed = new AtomicInteger();
    private final Map<String, Boolean> cancelled = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    private final Map<String, Boolean> finished = new ConcurrentHashMap<>();

    private FakeUpstream(Vertx vertx) {
        this.vertx = vertx;
        this.server = vertx.createHttpServer().requestHandler(this::handle);
        server.connectionHandler(connection -> connection.closeHandler(v -> connectionsClosed.incrementAndGet()));
        server.listen(0, "127.0.0.1").await();
    }

    public static FakeUpstream start() {
        return new FakeUpstream(Vertx.vertx());
    }

    public int port() {
        return server.actualPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public void clear() {
        received.clear();
    }

    /** Connections closed so far (a cancelled upstream request shows up here). */
    public int connectionsClosed() {
        return connectionsClosed.get();
    }

    /** Makes {@code switch:<name>:…} answer normally (false) or with 503 (true, the start). */
    public void failing(String name, boolean value) {
        failing.put(name, value);
    }

    /** How many requests reached the fake with this model string. */
    public long count(String model) {
        return received.stream().filter(r -> r.model().equals(model)).count();
    }

    /** Whether the stream served for {@code model} stopped because the gateway went away. */
    public boolean wasCancelled(String model) {
        return cancelled.getOrDefault(model, false);
    }

    /** Bytes of the {@code long:} stream for {@code model} written so far. */
    public long sentBytes(String model) {
        AtomicLong bytes = sent.get(model);
        return bytes == null ? 0 : bytes.get();
    }

    /** Whether the {@code long:} stream for {@code model} has been written to its end. */
    public boolean finished(String model) {
        return finished.getOrDefault(model, false);
    }

    @Override
    public void close() {
        vertx.close().await();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            JsonNode json = Json.MAPPER.readTree(body.getBytes());
            Map<String, String> headers = new ConcurrentHashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            String model = modelOf(request.path(), json);
            received.add(new Received(request.path(), headers, json, model));
            if (request.path().endsWith("/count_tokens")) {
                // Anthropic's documented answer shape; no recording of it exists in the fixtures
                request.response().putHeader("content-type", "application/json")
                        .end("{\"input_tokens\":" + COUNTED_TOKENS + "}");
                return;
            }
            respond(request.response(), model);
        });
    }

    /** The model string: in the body (OpenAI, Anthropic) or in the path (Gemini: /v1beta/models/{model}:method). */
    private static String modelOf(String path, JsonNode body) {
        if (body.hasNonNull("model")) {
            return body.get("model").asString();
        }
        int start = path.indexOf("/models/");
        int end = path.lastIndexOf(':');
        return start >= 0 && end > start ? path.substring(start + 8, end) : "";
    }

    private void respond(HttpServerResponse response, String model) {
        // a '/' cannot appear in a Gemini model path segment, so fixtures there are written with '~'
        String[] parts = model.replace('~', '/').split(":");
        switch (parts[0]) {
            case "replay" -> replay(response, parts[1]);
            case "delay" -> vertx.setTimer(Long.parseLong(parts[1]), id -> replay(response, parts[2]));
            case "retry-after" -> replay(response.putHeader("retry-after", parts[1]), parts[2]);
            case "cut" -> stream(response, model, parts[1], Integer.parseInt(parts[2]), 0);
            case "slow" -> stream(response, model, parts[1], Integer.MAX_VALUE, Integer.parseInt(parts[2]));
            case "long" -> longStream(response, model, parts[1], Integer.parseInt(parts[2]));
            case "switch" -> {
                if (failing.getOrDefault(parts[1], true)) {
                    response.setStatusCode(503).putHeader("content-type", "application/json")
                            .end("{\"error\":{\"message\":\"fake: " + parts[1] + " is down\",\"type\":\"server_error\"}}");
                } else {
                    replay(response, parts[2]);
                }
            }
            case "hang" -> { }
            case "stall" -> stall(response, parts[1]);
            case "reset" -> response.reset();
            case "open" -> response.setChunked(true).putHeader("content-type", "text/event-stream").writeHead()
                    .onSuccess(v -> {
                        if (parts[1].equals("reset")) {
                            vertx.setTimer(50, id -> response.reset());
                        }
                    });
            case "sse-error" -> response.putHeader("content-type", "text/event-stream")
                    .end("data: {\"error\":{\"message\":\"fake: overloaded, in the stream\",\"type\":\"server_error\","
                            + "\"code\":" + Integer.parseInt(parts[1]) + "}}\n\n");
            case "status" -> {
                int status = Integer.parseInt(parts[1]);
                if (parts.length > 2) {
                    response.putHeader("retry-after-ms", parts[2]);
                } else if (status == 429) {
                    response.putHeader("retry-after", "3");
                }
                response.setStatusCode(status).putHeader("content-type", "application/json")
                        .end("{\"error\":{\"message\":\"fake status " + status + "\",\"type\":\"fake_error\","
                                + "\"param\":null,\"code\":\"fake_" + status + "\"}}");
            }
            default -> response.setStatusCode(404).end("{\"error\":{\"message\":\"fake: unknown mode " + model + "\"}}");
        }
    }

    private static void replay(HttpServerResponse response, String fixture) {
        byte[] bytes = fixture.endsWith(".jsonl") ? Fixtures.chunksAsSse(fixture, true) : Fixtures.bytes(fixture);
        boolean stream = fixture.endsWith(".sse") || fixture.endsWith(".jsonl");
        String name = fixture.substring(fixture.lastIndexOf('/') + 1);
        int status = name.startsWith("error-") ? Integer.parseInt(name.substring(6, 9)) : 200;
        response.setStatusCode(status)
                .putHeader("content-type", stream ? "text/event-stream" : "application/json")
                .end(Buffer.buffer(bytes));
    }

    private void longStream(HttpServerResponse response, String model, String fixture, int times) {
        List<String> events = splitEvents(new String(Fixtures.bytes(fixture), StandardCharsets.UTF_8));
        List<String> middle = events.subList(1, events.size() - 3);
        int total = 1 + middle.size() * times + 3;
        IntFunction<String> event = i -> i == 0 ? events.getFirst()
                : i < total - 3 ? middle.get((i - 1) % middle.size()) : events.get(events.size() - (total - i));
        sent.put(model, new AtomicLong());
        response.setChunked(true).putHeader("content-type", "text/event-stream");
        writeWhileRead(response, model, event, new int[] {0, total});
    }

    /** Writes events until the gateway stops reading (the write queue fills), and goes on when it drains. */
    private void writeWhileRead(HttpServerResponse response, String model, IntFunction<String> event,
                                int[] next) {
        while (next[0] < next[1]) {
            if (response.closed()) {
                return;
            }
            String data = event.apply(next[0]++);
            response.write(data);
            sent.get(model).addAndGet(data.length());
            if (response.writeQueueFull()) {
                response.drainHandler(v -> writeWhileRead(response, model, event, next));
                return;
            }
        }
        response.end();
        finished.put(model, true);
    }

    /** Starts an answer and stops in the middle: the headers and half the body arrive, the rest never does. */
    private static void stall(HttpServerResponse response, String fixture) {
        byte[] bytes = Fixtures.bytes(fixture);
        boolean stream = fixture.endsWith(".sse");
        response.setChunked(true).putHeader("content-type", stream ? "text/event-stream" : "application/json")
                .write(Buffer.buffer().appendBytes(bytes, 0, bytes.length / 2));
    }

    /** Sends a recorded stream event by event: at most {@code limit} events, {@code delayMs} apart. */
    private void stream(HttpServerResponse response, String model, String fixture, int limit, int delayMs) {
        byte[] bytes = fixture.endsWith(".jsonl") ? Fixtures.chunksAsSse(fixture, true) : Fixtures.bytes(fixture);
        List<String> events = splitEvents(new String(bytes, StandardCharsets.UTF_8));
        response.setChunked(true).putHeader("content-type", "text/event-stream");
        response.closeHandler(v -> cancelled.put(model, true));
        sendNext(response, events, 0, limit, delayMs);
    }

    private void sendNext(HttpServerResponse response, List<String> events, int index, int limit, int delayMs) {
        if (response.closed()) {
            return;
        }
        if (index >= events.size()) {
            response.end();
            return;
        }
        if (index >= limit) {
            response.reset(); // the connection drops mid-stream
            return;
        }
        response.write(events.get(index));
        if (delayMs == 0) {
            sendNext(response, events, index + 1, limit, delayMs);
        } else {
            vertx.setTimer(delayMs, id -> sendNext(response, events, index + 1, limit, delayMs));
        }
    }

    private static List<String> splitEvents(String sse) {
        List<String> events = new ArrayList<>();
        String separator = sse.contains("\r\n\r\n") ? "\r\n\r\n" : "\n\n";
        int start = 0;
        int end;
        while ((end = sse.indexOf(separator, start)) >= 0) {
            events.add(sse.substring(start, end + separator.length()));
            start = end + separator.length();
        }
        if (start < sse.length()) {
            events.add(sse.substring(start));
        }
        return events;
    }
}
