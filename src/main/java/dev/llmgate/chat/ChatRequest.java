package dev.llmgate.chat;

import java.util.List;

/**
 * A chat request in the gateway's canonical form, decoded once from whichever protocol the client spoke.
 * Every stage of the request path reads and returns this; nothing re-parses the client's bytes.
 */
public record ChatRequest(String model, List<Message> messages, Tooling tooling, Sampling sampling,
                          ResponseFormat responseFormat, Reasoning reasoning, Streaming streaming,
                          String user, GatewayOptions gateway, Extras extras) {

    public ChatRequest {
        messages = List.copyOf(messages);
    }

    public ChatRequest withModel(String value) {
        return new ChatRequest(value, messages, tooling, sampling, responseFormat, reasoning, streaming, user,
                gateway, extras);
    }

    public ChatRequest withSampling(Sampling value) {
        return new ChatRequest(model, messages, tooling, value, responseFormat, reasoning, streaming, user,
                gateway, extras);
    }

    public ChatRequest withMessages(List<Message> value) {
        return new ChatRequest(model, value, tooling, sampling, responseFormat, reasoning, streaming, user,
                gateway, extras);
    }

    public ChatRequest withExtras(Extras value) {
        return new ChatRequest(model, messages, tooling, sampling, responseFormat, reasoning, streaming, user,
                gateway, value);
    }

    public boolean isStream() {
        return streaming.enabled();
    }
}
