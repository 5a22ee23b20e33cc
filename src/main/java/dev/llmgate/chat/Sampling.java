package dev.llmgate.chat;

import java.util.List;

/** Generation parameters every dialect has in some form; null means "not set by the client". */
public record Sampling(Double temperature, Double topP, Integer topK, Integer maxTokens, List<String> stop,
                       Long seed, Integer n, Penalties penalties) {

    public static final Sampling NONE = new Sampling(null, null, null, null, List.of(), null, null, Penalties.NONE);

    public record Penalties(Double presence, Double frequency) {
        public static final Penalties NONE = new Penalties(null, null);
    }

    public Sampling withMaxTokens(Integer value) {
        return new Sampling(temperature, topP, topK, value, stop, seed, n, penalties);
    }
}
