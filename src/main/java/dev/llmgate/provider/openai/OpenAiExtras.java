package dev.llmgate.provider.openai;

import dev.llmgate.chat.Json;
import dev.llmgate.chat.WireObject;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the OpenAI dialect keeps of a client's request beyond the canonical fields, so that an OpenAI-dialect
 * upstream gets it back as sent: the unknown fields of an object the canonical model reads (kept nested under
 * that object's name, merged back into its canonical rendering), explicit nulls, and which of the two names
 * of the output limit the client used.
 */
final class OpenAiExtras {

    static final String MAX_TOKENS = "max_tokens";
    static final String MAX_COMPLETION_TOKENS = "max_completion_tokens";

    private static final Set<String> CACHE_CONTROL_FIELDS = Set.of("type", "ttl");

    private OpenAiExtras() {
    }

    /** {@code unknown} with {@code inner} (what is unknown inside the object {@code field}) nested under that name. */
    static ObjectNode nest(ObjectNode unknown, String field, ObjectNode inner) {
        if (inner == null) {
            return unknown;
        }
        ObjectNode out = unknown == null ? Json.object() : unknown;
        out.set(field, inner);
        return out;
    }

    /** {@code unknown} with what the canonical cache marker does not hold of {@code owner}'s {@code cache_control}. */
    static ObjectNode withCacheControl(WireObject owner, ObjectNode unknown) {
        WireObject marker = owner.optObject("cache_control");
        return marker == null ? unknown : nest(unknown, "cache_control", marker.unknownOrNull(CACHE_CONTROL_FIELDS));
    }

    /**
     * The name to send the output limit under: the client's own ({@code max_completion_tokens} is kept in the
     * extras when the limit came from it), as an OpenAI-compatible endpoint may know only one of the two. The
     * canonical value is what is sent (a model's limit may have clamped it), and wins over the kept one.
     */
    static String maxTokensName(ObjectNode extras) {
        return extras != null && extras.hasNonNull(MAX_COMPLETION_TOKENS) ? MAX_COMPLETION_TOKENS : MAX_TOKENS;
    }

    /** The client's {@code max_completion_tokens} (and a {@code max_tokens} sent beside it), kept by name. */
    static ObjectNode withMaxTokensNames(WireObject wire, ObjectNode unknown) {
        JsonNode completion = wire.get(MAX_COMPLETION_TOKENS);
        if (completion == null) {
            return unknown;
        }
        ObjectNode out = unknown == null ? Json.object() : unknown;
        out.set(MAX_COMPLETION_TOKENS, completion);
        if (wire.node().has(MAX_TOKENS)) {
            out.set(MAX_TOKENS, wire.node().get(MAX_TOKENS));
        }
        return out;
    }
}
