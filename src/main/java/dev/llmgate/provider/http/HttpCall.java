package dev.llmgate.provider.http;

import java.util.Map;

/** One upstream HTTP POST: absolute URL, headers, body. */
public record HttpCall(String url, Map<String, String> headers, byte[] body) {}
