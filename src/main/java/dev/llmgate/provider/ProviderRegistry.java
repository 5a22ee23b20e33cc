package dev.llmgate.provider;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.provider.http.UpstreamClient;
import dev.llmgate.provider.gemini.GeminiDialect;
import dev.llmgate.provider.openai.OpenAiDialect;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The dialects the gateway speaks, by name: the only place that names concrete providers. */
public final class ProviderRegistry {

    private final Map<String, Provider> providers;

    private ProviderRegistry(Map<String, Provider> providers) {
        this.providers = Map.copyOf(providers);
    }

    public static ProviderRegistry standard(UpstreamClient client) {
        List<Dialect> dialects = List.of(new OpenAiDialect(), new GeminiDialect());
        return new ProviderRegistry(dialects.stream()
                .collect(Collectors.toMap(Dialect::id, d -> (Provider) new HttpProvider(d, client))));
    }

    /** For tests and embedders: providers given directly, by dialect name. */
    public static ProviderRegistry of(Map<String, Provider> providers) {
        return new ProviderRegistry(providers);
    }

    public Provider forDialect(String dialect) {
        Provider provider = providers.get(dialect);
        if (provider == null) {
            throw new GatewayException.BadRequest("No provider speaks the '" + dialect + "' dialect.", "model",
                    "unsupported_dialect");
        }
        return provider;
    }

    public boolean speaks(String dialect) {
        return providers.containsKey(dialect);
    }

    public java.util.Set<String> dialects() {
        return providers.keySet();
    }
}
