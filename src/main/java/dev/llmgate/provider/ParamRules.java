package dev.llmgate.provider;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a vendor's dialect differs from the plain one in request parameters: top-level body fields renamed
 * (e.g. {@code max_tokens} → {@code max_completion_tokens}), dropped because the vendor rejects them, or,
 * among the gateway's own fields, forwarded because the vendor implements them too (OpenRouter's
 * {@code models} fallback list).
 */
public record ParamRules(Map<String, String> rename, List<String> drop, List<String> forward) {

    public static final ParamRules NONE = new ParamRules(Map.of(), List.of(), List.of());

    public ParamRules {
        rename = Map.copyOf(rename);
        drop = List.copyOf(drop);
        forward = List.copyOf(forward);
    }

    public boolean forwards(String field) {
        return forward.contains(field);
    }

    /** Applies the rules to a request body about to be sent upstream. */
    public void applyTo(ObjectNode body) {
        for (String field : drop) {
            body.remove(field);
        }
        rename.forEach((from, to) -> {
            JsonNode value = body.remove(from);
            if (value != null && !body.has(to)) {
                body.set(to, value);
            }
        });
    }
}
