package dev.llmgate.provider.openai;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.provider.Dialect;
import dev.llmgate.provider.RelaysAnswers;
import dev.llmgate.provider.Verbatim;
import dev.llmgate.provider.StreamDecoder;
import dev.llmgate.provider.Upstream;
import dev.llmgate.provider.WireRequest;
import dev.llmgate.provider.http.HttpReply;
import java.util.HashMap;
import java.util.Map;

/** OpenAI's chat-completions API, spoken by OpenAI and by every OpenAI-compatible vendor. */
public final class OpenAiDialect implements Dialect, RelaysAnswers {

    public static final String ID = "openai";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public WireRequest toWire(Upstream upstream, ChatRequest request) {
        byte[] body = Json.bytes(OpenAiRequestCodec.toWire(upstream, request));
        Map<String, String> headers = new HashMap<>(4);
        headers.put("content-type", "application/json");
        headers.put("accept", request.isStream() ? "text/event-stream" : "application/json");
        if (upstream.endpoint().apiKey() != null) {
            headers.put("authorization", "Bearer " + upstream.endpoint().apiKey());
        }
        return new WireRequest("/chat/completions", headers, body);
    }

    @Override
    public ChatResponse fromWire(Upstream upstream, byte[] body) {
        return OpenAiResponseCodec.fromWire(Json.parseUpstream(body));
    }

    @Override
    public Verbatim verbatim(byte[] body) {
        return OpenAiAnswerScan.scan(body);
    }

    @Override
    public StreamDecoder streamDecoder(Upstream upstream) {
        return new OpenAiStreamDecoder();
    }

    @Override
    public GatewayException errorFromWire(HttpReply reply) {
        return OpenAiErrors.fromReply(reply);
    }
}
