package dev.llmgate.provider.anthropic;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.provider.CountsTokens;
import dev.llmgate.provider.Dialect;
import dev.llmgate.provider.StreamDecoder;
import dev.llmgate.provider.Upstream;
import dev.llmgate.provider.WireRequest;
import dev.llmgate.provider.http.HttpReply;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}). The base URL has no version path, as with the
 * Anthropic SDKs' {@code ANTHROPIC_BASE_URL}; the key goes in {@code x-api-key}.
 */
public final class AnthropicDialect implements Dialect, CountsTokens {

    public static final String ID = "anthropic";
    /**
     * The API version a request names unless its Anthropic client named one; an upstream's configured
     * headers override both.
     */
    public static final String VERSION = "2023-06-01";
    /**
     * Headers of an Anthropic client that reach Anthropic upstreams: the API version it was written for,
     * and the betas that some of its body fields need (Claude Code sends several).
     */
    public static final List<String> CLIENT_HEADERS = List.of("anthropic-version", "anthropic-beta");

    private final ToIntFunction<Upstream> defaultMaxTokens;

    /** Requests without a client limit get {@link AnthropicRequestCodec#DEFAULT_MAX_TOKENS}. */
    public AnthropicDialect() {
        this(upstream -> AnthropicRequestCodec.DEFAULT_MAX_TOKENS);
    }

    /**
     * {@code defaultMaxTokens} gives the {@code max_tokens} for a request whose client set none (Anthropic
     * requires one), e.g. the output limit the catalog knows for the upstream's model.
     */
    public AnthropicDialect(ToIntFunction<Upstream> defaultMaxTokens) {
        this.defaultMaxTokens = defaultMaxTokens;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public WireRequest toWire(Upstream upstream, ChatRequest request) {
        AnthropicRequestCodec.Encoded encoded = AnthropicRequestCodec.encode(upstream, request,
                defaultMaxTokens.applyAsInt(upstream));
        Map<String, String> headers = headers(upstream, request);
        headers.put("accept", request.isStream() ? "text/event-stream" : "application/json");
        return new WireRequest("/v1/messages", headers, Json.bytes(encoded.body()), encoded.warnings());
    }

    /** The fields count_tokens takes; the rest of a messages body (max_tokens, sampling…) it rejects. */
    private static final java.util.Set<String> COUNTED = java.util.Set.of("model", "messages", "system", "tools",
            "tool_choice", "thinking", "mcp_servers");

    @Override
    public WireRequest countTokensToWire(Upstream upstream, ChatRequest request) {
        var body = AnthropicRequestCodec.toWire(upstream, request, defaultMaxTokens.applyAsInt(upstream));
        body.retain(COUNTED);
        return new WireRequest("/v1/messages/count_tokens", headers(upstream, request), Json.bytes(body));
    }

    /**
     * What every Anthropic request carries: JSON, the API version, the platform's key, and the headers an
     * Anthropic client sent for its upstream (its version, its betas).
     */
    private static Map<String, String> headers(Upstream upstream, ChatRequest request) {
        Map<String, String> headers = new HashMap<>(8);
        headers.put("content-type", "application/json");
        headers.put("anthropic-version", VERSION);
        headers.putAll(request.headers().forDialect(ID));
        if (upstream.endpoint().apiKey() != null) {
            headers.put("x-api-key", upstream.endpoint().apiKey());
        }
        return headers;
    }

    @Override
    public long inputTokensFromWire(byte[] body) {
        return Json.parseUpstream(body).path("input_tokens").asLong(0);
    }

    @Override
    public ChatResponse fromWire(Upstream upstream, byte[] body) {
        return AnthropicResponseCodec.fromWire(Json.parseUpstream(body));
    }

    @Override
    public StreamDecoder streamDecoder(Upstream upstream) {
        return new AnthropicStreamDecoder();
    }

    @Override
    public GatewayException errorFromWire(HttpReply reply) {
        return AnthropicErrors.fromReply(reply);
    }
}
