package dev.llmgate.provider;

import dev.llmgate.chat.ChatResponse;
import dev.llmgate.chat.Usage;
import dev.llmgate.provider.http.Timing;
import java.util.List;
import java.util.function.Supplier;

/**
 * A whole upstream answer, how long the upstream took, and the warnings of the request that was sent (see
 * {@link WireRequest#warnings()}). An answer that may be relayed as received ({@link #verbatim()}) is decoded
 * into the canonical response only when something asks for it (the cache, another protocol's client).
 */
public final class Answer {

    private final Verbatim verbatim;
    private final Supplier<ChatResponse> decode;
    private final Timing timing;
    private final List<String> warnings;
    private ChatResponse response;

    public Answer(ChatResponse response, Timing timing, List<String> warnings) {
        this(null, () -> response, timing, warnings);
        this.response = response;
    }

    private Answer(Verbatim verbatim, Supplier<ChatResponse> decode, Timing timing, List<String> warnings) {
        this.verbatim = verbatim;
        this.decode = decode;
        this.timing = timing;
        this.warnings = List.copyOf(warnings);
    }

    /** An answer that may be relayed as received; {@code decode} reads it into the canonical response on demand. */
    public static Answer verbatim(Verbatim verbatim, Supplier<ChatResponse> decode, Timing timing,
                                  List<String> warnings) {
        return new Answer(verbatim, decode, timing, warnings);
    }

    /** The canonical response, decoded on the first call for a verbatim answer (an upstream fault may surface then). */
    public ChatResponse response() {
        if (response == null) {
            response = decode.get();
        }
        return response;
    }

    /** The answer's usage, without decoding a verbatim answer. */
    public Usage usage() {
        return verbatim != null ? verbatim.usage() : response().usage();
    }

    /** The answer as received, when a same-dialect client may be sent it so; else null. */
    public Verbatim verbatim() {
        return verbatim;
    }

    public Timing timing() {
        return timing;
    }

    public List<String> warnings() {
        return warnings;
    }
}
