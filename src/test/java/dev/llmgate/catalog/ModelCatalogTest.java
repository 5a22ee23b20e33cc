package dev.llmgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.config.ConfigLoader.ConfigException;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The loader and the lookups, on small inline catalogs. */
class ModelCatalogTest {

    private static final String PROVIDERS = """
            as_of: 2026-11-23
            sources: [https://example.com/pricing]
            providers:
              - { id: acme, name: Acme, website: https://acme.example }
              - { id: globex, name: Globex, website: https://globex.example }
            models:
            """;

    private static final String CATALOG = PROVIDERS + """
              - id: acme-large
                provider: acme
                family: acme
                context_window: 200000
                max_output_tokens: 64000
                capabilities: [vision, tools, reasoning]
                pricing: { input_per_million: 3.00, output_per_million: 15.00, cache_read_per_million: 0.30, cache_write_per_million: 3.75 }
                status: active
                release_date: 2026-05-01
                tags: [flagship]
                reasoning_params: effort
                unsupported_params: [temperature]
                routes:
                  - { platform: openai, model_string: acme-large, priority: 1 }
                  - { platform: openrouter, model_string: acme/acme-large, priority: 2, weight: 3, enabled: false }
              - id: acme-small
                provider: acme
                context_window: 128000
                max_output_tokens: 16000
                capabilities: [tools]
                pricing: { input_per_million: 0.10, output_per_million: 0.40 }
                status: deprecated
                sunset_date: 2027-01-01
                migration_to: acme-large
                tags: [cheap, fast]
                routes:
                  - { platform: openai, model_string: acme-small }
              - id: globex-1
                provider: globex
                context_window: 32000
                max_output_tokens: 8000
                capabilities: [vision]
                pricing: { input_per_million: 1.00, output_per_million: 2.00, reasoning_per_million: 4.00 }
                status: beta
                tags: [fast]
                routes:
                  - { platform: groq, model_string: globex-1 }
            """;

    private final ModelCatalog catalog = ModelCatalog.parse(CATALOG, "test.yaml");

    @Test
    void readsTheHeaderAndProviders() {
        assertThat(catalog.asOf()).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(catalog.sources()).containsExactly("https://example.com/pricing");
        assertThat(catalog.provider("globex")).map(Provider::name).contains("Globex");
        assertThat(catalog.provider("initech")).isEmpty();
    }

    @Test
    void findsAModelById() {
        Model model = catalog.find("acme-large").orElseThrow();
        assertThat(model.limits()).isEqualTo(new Limits(200000, 64000));
        assertThat(model.capabilities()).containsExactly(Capability.VISION, Capability.TOOLS, Capability.REASONING);
        assertThat(model.reasoningControl()).isEqualTo(ReasoningControl.EFFORT);
        assertThat(model.unsupportedParams()).containsExactly("temperature");
        assertThat(model.lifecycle().releaseDate()).isEqualTo(LocalDate.of(2026, 5, 1));
        assertThat(catalog.find("acme-huge")).isEmpty();
    }

    @Test
    void fillsRouteDefaultsAndKeepsExplicitValues() {
        assertThat(catalog.find("acme-small").orElseThrow().routes())
                .containsExactly(new Route("openai", "acme-small", 1, 1, true));
        assertThat(catalog.find("acme-large").orElseThrow().routes().get(1))
                .isEqualTo(new Route("openrouter", "acme/acme-large", 2, 3, false));
    }

    @Test
    void defaultsFamilyToIdAndCurrencyToUsd() {
        Model small = catalog.find("acme-small").orElseThrow();
        assertThat(small.family()).isEqualTo("acme-small");
        assertThat(small.pricing().currency()).isEqualTo("USD");
    }

    @Test
    void filtersByProviderCapabilityTagAndStatus() {
        assertThat(ids(ModelFilter.any().withProvider("acme"))).containsExactly("acme-large", "acme-small");
        assertThat(ids(ModelFilter.any().withCapability(Capability.VISION))).containsExactly("acme-large", "globex-1");
        assertThat(ids(ModelFilter.any().withTag("fast"))).containsExactly("acme-small", "globex-1");
        assertThat(ids(ModelFilter.any().withStatus(Lifecycle.Status.BETA))).containsExactly("globex-1");
        assertThat(ids(ModelFilter.any().withProvider("acme").withTag("fast"))).containsExactly("acme-small");
        assertThat(ids(ModelFilter.any().withProvider("globex").withCapability(Capability.TOOLS))).isEmpty();
        assertThat(ids(ModelFilter.any())).hasSize(3);
    }

    @Test
    void pricesEachTokenKind() {
        Pricing large = catalog.find("acme-large").orElseThrow().pricing();
        assertThat(large.perMillion(TokenKind.INPUT)).contains(new BigDecimal("3.00"));
        assertThat(large.perMillion(TokenKind.CACHE_READ)).contains(new BigDecimal("0.30"));
        assertThat(large.perMillion(TokenKind.CACHE_WRITE)).contains(new BigDecimal("3.75"));
        // reasoning without a price of its own is billed as output
        assertThat(large.perMillion(TokenKind.REASONING)).contains(new BigDecimal("15.00"));
        assertThat(large.cost(TokenKind.OUTPUT, 2_000)).hasValueSatisfying(cost ->
                assertThat(cost).isEqualByComparingTo("0.03"));

        Pricing small = catalog.find("acme-small").orElseThrow().pricing();
        assertThat(small.perMillion(TokenKind.CACHE_READ)).isEmpty();
        assertThat(small.cost(TokenKind.CACHE_WRITE, 1_000)).isEmpty();

        Pricing globex = catalog.find("globex-1").orElseThrow().pricing();
        assertThat(globex.perMillion(TokenKind.REASONING)).contains(new BigDecimal("4.00"));
    }

    @Test
    void rejectsAnUnknownFieldNamingTheModel() {
        assertRejected(model("acme-typo", "context_windw: 1000"), "acme-typo", "context_windw");
    }

    @Test
    void rejectsAMissingPriceNamingTheModel() {
        String entry = CATALOG.replace("output_per_million: 0.40", "output_per_million: null");
        assertRejected(entry, "acme-small", "output_per_million");
    }

    @Test
    void rejectsMissingLimits() {
        assertRejected(CATALOG.replace("max_output_tokens: 8000", "max_output_tokens: 0"), "globex-1",
                "max_output_tokens");
        assertRejected(CATALOG.replace("max_output_tokens: 8000", "max_output_tokens: 64000"), "globex-1",
                "above its 'context_window'");
    }

    @Test
    void rejectsAnUnknownProvider() {
        assertRejected(CATALOG.replace("provider: globex", "provider: initech"), "globex-1", "initech");
    }

    @Test
    void rejectsAnUnknownCapabilityStatusOrReasoningControl() {
        assertRejected(CATALOG.replace("capabilities: [vision]", "capabilities: [telepathy]"), "globex-1", "telepathy");
        assertRejected(CATALOG.replace("status: beta", "status: retired"), "globex-1", "retired");
        assertRejected(CATALOG.replace("reasoning_params: effort", "reasoning_params: vibes"), "acme-large", "vibes");
    }

    @Test
    void rejectsAModelWithoutRoutes() {
        assertRejected(CATALOG.replace("  - { platform: groq, model_string: globex-1 }\n", "")
                .replace("routes:\n" + "\n", "routes: []\n"), "globex-1", "route");
    }

    @Test
    void rejectsDuplicateIds() {
        assertRejected(CATALOG.replace("id: globex-1", "id: acme-large"), "acme-large", "twice");
    }

    @Test
    void rejectsAMigrationToAnUnknownModel() {
        assertRejected(CATALOG.replace("migration_to: acme-large", "migration_to: acme-xl"), "acme-small", "acme-xl");
    }

    @Test
    void rejectsARetiringModelWithoutDates() {
        assertRejected(CATALOG.replace("    sunset_date: 2027-01-01\n", ""), "acme-small", "deprecated");
    }

    @Test
    void rejectsAMissingAsOfDate() {
        assertThatThrownBy(() -> ModelCatalog.parse(CATALOG.replace("as_of: 2026-11-23\n", ""), "test.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("as_of");
    }

    @Test
    void overridingAnEntryChangesOnlyWhatTheOverrideSets() {
        ModelEntry base = new ModelEntry("m", "acme", null, 1000, 100, null,
                new PricingEntry(BigDecimal.ONE, BigDecimal.TEN, null, null, null, null), "active", null, null, null,
                null, null, null, null, java.util.List.of(new RouteEntry("openai", "m", 1, null, null, null)), null);
        ModelEntry override = new ModelEntry("m", null, null, 2000, null, null, null, "deprecated", null, null,
                LocalDate.of(2027, 1, 1), null, null, null, null, null, null);
        Model merged = base.overriddenBy(override).toModel("test");
        assertThat(merged.limits()).isEqualTo(new Limits(2000, 100));
        assertThat(merged.lifecycle().status()).isEqualTo(Lifecycle.Status.DEPRECATED);
        assertThat(merged.pricing().outputPerMillion()).isEqualTo(BigDecimal.TEN);
        assertThat(merged.routes()).hasSize(1);
    }

    private java.util.List<String> ids(ModelFilter filter) {
        return catalog.filter(filter, LocalDate.of(2026, 12, 1)).stream().map(Model::id).toList();
    }

    private static String model(String id, String extraLine) {
        return PROVIDERS + """
                  - id: %s
                    provider: acme
                    context_window: 1000
                    max_output_tokens: 100
                    %s
                    pricing: { input_per_million: 1, output_per_million: 2 }
                    routes:
                      - { platform: openai, model_string: %s }
                """.formatted(id, extraLine, id);
    }

    private static void assertRejected(String yaml, String modelId, String detail) {
        assertThatThrownBy(() -> ModelCatalog.parse(yaml, "test.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + modelId + "'")
                .hasMessageContaining(detail);
    }
}
