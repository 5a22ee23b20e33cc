package dev.llmgate.provider;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.provider.http.UpstreamClient;
import dev.llmgate.provider.anthropic.AnthropicDialect;
import dev.llmgate.provider.anthropic.AnthropicRequestCodec;
import dev.llmgate.provider.gemini.GeminiDialect;
import dev.llmgate.provider.openai.OpenAiDialect;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/** The dialects the gateway speaks, by name: the only place that names concrete providers. */
public final class ProviderRegistry {

    private final Map<String, Provider> providers;
    private final Map<String, TokenCounting> tokenCounting;

    private ProviderRegistry(Map<String, Provider> providers, Map<String, TokenCounting> tokenCounting) {
        this.providers = Map.copyOf(providers);
        this.tokenCounting = Map.copyOf(tokenCounting);
    }

    /**
     * Every dialect over the shared client. {@code maxOutputTokens} gives a model's output limit (or null when
     * unknown) for dialects that require {@code max_tokens} when the client sent none (Anthropic).
     */
    public static ProviderRegistry standard(UpstreamClient client, Function<Upstream, Integer> maxOutputTokens) {
        ToIntFunction<Upstream> anthropicDefault = upstream -> {
            Integer limit = maxOutputTokens.apply(upstream);
            return limit != null ? limit : AnthropicRequestCodec.DEFAULT_MAX_TOKENS;
        };
        List<Dialect> dialects = List.of(new OpenAiDialect(), new AnthropicDialect(anthropicDefault),
                new GeminiDialect());
        Map<String, TokenCounting> counting = new java.util.HashMap<>();
        for (Dialect dialect : dialects) {
            if (dialect instanceof CountsTokens counts) {
                counting.put(dialect.id(), new HttpTokenCounting(dialect, counts, client));
            }
        }
        return new ProviderRegistry(dialects.stream()
                .collect(Collectors.toMap(Dialect::id, d -> (Provider) new HttpProvider(d, client))), counting);
    }

    /** For tests and embedders: providers given directly, by dialect name. */
    public static ProviderRegistry of(Map<String, Provider> providers) {
        return new ProviderRegistry(providers, Map.of());
    }

    public Provider forDialect(String dialect) {
        Provider provider = providers.get(dialect);
        if (provider == null) {
            throw new GatewayException.BadRequest("No provider speaks the '" + dialect + "' dialect.", "model",
                    "unsupported_dialect");
        }
        return provider;
    }

    /** Upstream token counting for this dialect, when its API has it. */
    public java.util.Optional<TokenCounting> tokenCounting(String dialect) {
        return java.util.Optional.ofNullable(tokenCounting.get(dialect));
    }

    public boolean speaks(String dialect) {
        return providers.containsKey(dialect);
    }

    public java.util.Set<String> dialects() {
        return providers.keySet();
    }
}
