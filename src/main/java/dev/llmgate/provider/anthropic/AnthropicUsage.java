package dev.llmgate.provider.anthropic;

import dev.llmgate.chat.Extras;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Usage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic usage, both ways. Anthropic's {@code input_tokens} exclude the tokens read from or written to
 * the prompt cache, which it reports beside them; the canonical input includes both. When the answer took
 * several sampling iterations (server-side compaction), the top-level counts describe only the last one and
 * the {@code iterations} list has them all, so the canonical counts are their sum: what is billed.
 */
final class AnthropicUsage {

    private static final String DIALECT = AnthropicDialect.ID;

    private AnthropicUsage() {
    }

    /** The canonical usage of an Anthropic usage object, which is kept whole; null when absent. */
    static Usage fromWire(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        JsonNode iterations = usage.get("iterations");
        long input = 0;
        long output = 0;
        long cacheRead = 0;
        long cacheWrite = 0;
        if (iterations != null && iterations.isArray() && !iterations.isEmpty()) {
            for (JsonNode iteration : iterations) {
                input += iteration.path("input_tokens").asLong(0);
                output += iteration.path("output_tokens").asLong(0);
                cacheRead += iteration.path("cache_read_input_tokens").asLong(0);
                cacheWrite += iteration.path("cache_creation_input_tokens").asLong(0);
            }
        } else {
            input = usage.path("input_tokens").asLong(0);
            output = usage.path("output_tokens").asLong(0);
            cacheRead = usage.path("cache_read_input_tokens").asLong(0);
            cacheWrite = usage.path("cache_creation_input_tokens").asLong(0);
        }
        return new Usage(input + cacheRead + cacheWrite, output, cacheRead, cacheWrite, 0,
                Extras.of(DIALECT, (ObjectNode) usage));
    }

    /**
     * The usage object an Anthropic client gets: the upstream's own, unchanged, when the counts came from it;
     * otherwise built from the canonical counts.
     */
    static ObjectNode toWire(Usage usage) {
        ObjectNode original = usage.extras().forDialect(DIALECT);
        if (original != null && sameCounts(fromWire(original), usage)) {
            return original.deepCopy();
        }
        ObjectNode wire = Json.object();
        wire.put("input_tokens", usage.uncachedInput());
        wire.put("cache_creation_input_tokens", usage.cacheWrite());
        wire.put("cache_read_input_tokens", usage.cacheRead());
        wire.put("output_tokens", usage.output());
        return wire;
    }

    /**
     * The usage of a stream's first event: Anthropic's own when the counts came from it (its message_start, or
     * a replayed Anthropic answer), else the prompt's counts as known at the start, nothing written yet.
     */
    static ObjectNode atStart(Usage usage) {
        ObjectNode original = usage.extras().forDialect(DIALECT);
        if (original != null && sameCounts(fromWire(original), usage)) {
            return original.deepCopy();
        }
        ObjectNode wire = Json.object();
        wire.put("input_tokens", usage.uncachedInput());
        wire.put("cache_creation_input_tokens", usage.cacheWrite());
        wire.put("cache_read_input_tokens", usage.cacheRead());
        wire.put("output_tokens", 0);
        return wire;
    }

    /** The usage of a stream's first event when only an estimate of the input is known. */
    static ObjectNode atStart(long inputTokens) {
        return atStart(Usage.of(inputTokens, 0));
    }

    /** The usage of a stream that ended without the upstream reporting any. */
    static ObjectNode empty() {
        return atStart(0);
    }

    private static boolean sameCounts(Usage a, Usage b) {
        return a.input() == b.input() && a.output() == b.output() && a.cacheRead() == b.cacheRead()
                && a.cacheWrite() == b.cacheWrite();
    }
}
