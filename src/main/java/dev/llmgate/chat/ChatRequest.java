package dev.llmgate.chat;

import java.util.List;

/**
 * A chat request in the gateway's canonical form, decoded once from whichever protocol the client spoke.
 * Every stage of the request path reads and returns this; nothing re-parses the client's bytes.
 * {@code headers} are the client's headers meant for upstreams of its own dialect.
 */
public record ChatRequest(String model, List<Message> messages, Tooling tooling, Sampling sampling,
                          ResponseFormat responseFormat, Reasoning reasoning, Streaming streaming,
                          String user, GatewayOptions gateway, Extras extras, DialectHeaders headers) {

    public ChatRequest {
        messages = List.copyOf(messages);
        headers = headers == null ? DialectHeaders.NONE : headers;
    }

    /** A request without headers for its dialect's upstreams. */
    public ChatRequest(String model, List<Message> messages, Tooling tooling, Sampling sampling,
                       ResponseFormat responseFormat, Reasoning reasoning, Streaming streaming,
                       String user, GatewayOptions gateway, Extras extras) {
        this(model, messages, tooling, sampling, responseFormat, reasoning, streaming, user, gateway, extras,
                DialectHeaders.NONE);
    }

    public ChatRequest withModel(String value) {
        return new ChatRequest(value, messages, tooling, sampling, responseFormat, reasoning, streaming, user,
                gateway, extras, headers);
    }

    public ChatRequest withSampling(Sampling value) {
        return new ChatRequest(model, messages, tooling, value, responseFormat, reasoning, streaming, user,
                gateway, extras, headers);
    }

    public ChatRequest withMessages(List<Message> value) {
        return new ChatRequest(model, value, tooling, sampling, responseFormat, reasoning, streaming, user,
                gateway, extras, headers);
    }

    public ChatRequest withExtras(Extras value) {
        return new ChatRequest(model, messages, tooling, sampling, responseFormat, reasoning, streaming, user,
                gateway, value, headers);
    }

    public ChatRequest withReasoning(Reasoning value) {
        return new ChatRequest(model, messages, tooling, sampling, responseFormat, value, streaming, user,
                gateway, extras, headers);
    }

    public ChatRequest withHeaders(DialectHeaders value) {
        return new ChatRequest(model, messages, tooling, sampling, responseFormat, reasoning, streaming, user,
                gateway, extras, value);
    }

    public boolean isStream() {
        return streaming.enabled();
    }
}
