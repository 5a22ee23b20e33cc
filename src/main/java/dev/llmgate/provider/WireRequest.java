package dev.llmgate.provider;

import java.util.List;
import java.util.Map;

/**
 * An upstream HTTP request as a dialect builds it: path under the base URL, headers, JSON body, and what the
 * dialect had to change in the request for the upstream to accept it, told to the client as warnings.
 */
public record WireRequest(String path, Map<String, String> headers, byte[] body, List<String> warnings) {

    public WireRequest {
        warnings = List.copyOf(warnings);
    }

    /** A request sent as the client asked. */
    public WireRequest(String path, Map<String, String> headers, byte[] body) {
        this(path, headers, body, List.of());
    }
}
