package dev.llmgate.provider.gemini;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.provider.Dialect;
import dev.llmgate.provider.StreamDecoder;
import dev.llmgate.provider.Upstream;
import dev.llmgate.provider.WireRequest;
import dev.llmgate.provider.http.HttpReply;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Google's Gemini API ({@code generateContent} and {@code streamGenerateContent?alt=sse} under
 * {@code /v1beta}), with the key in {@code x-goog-api-key}. The base URL has no version path, as in Google's
 * SDKs ({@code https://generativelanguage.googleapis.com}).
 */
public final class GeminiDialect implements Dialect {

    public static final String ID = "gemini";

    private final Clock clock;

    public GeminiDialect() {
        this(Clock.systemUTC());
    }

    /** {@code clock} gives the {@code created} time of answers, which Gemini does not report. */
    public GeminiDialect(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public WireRequest toWire(Upstream upstream, ChatRequest request) {
        byte[] body = Json.bytes(GeminiRequestCodec.toWire(request, upstream.model()));
        Map<String, String> headers = new HashMap<>(4);
        headers.put("content-type", "application/json");
        headers.put("accept", request.isStream() ? "text/event-stream" : "application/json");
        if (upstream.endpoint().apiKey() != null) {
            headers.put("x-goog-api-key", upstream.endpoint().apiKey());
        }
        return new WireRequest(path(upstream.model(), request.isStream()), headers, body);
    }

    /** A plain model name is under {@code models/}; a full resource name ({@code tunedModels/x}) is used as is. */
    static String path(String model, boolean stream) {
        String resource = model.contains("/") ? model : "models/" + model;
        return "/v1beta/" + resource + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
    }

    @Override
    public ChatResponse fromWire(Upstream upstream, byte[] body) {
        return GeminiResponseCodec.fromWire(Json.parseUpstream(body), upstream.model(), now());
    }

    @Override
    public StreamDecoder streamDecoder(Upstream upstream) {
        return new GeminiStreamDecoder(now());
    }

    @Override
    public GatewayException errorFromWire(HttpReply reply) {
        return GeminiErrors.fromReply(reply);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
