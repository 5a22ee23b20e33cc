package dev.llmgate.provider;

import java.util.Map;

/** An upstream HTTP request as a dialect builds it: path under the base URL, headers, JSON body. */
public record WireRequest(String path, Map<String, String> headers, byte[] body) {}
