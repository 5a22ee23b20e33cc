package dev.llmgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Checks the built-in {@code models.yaml} itself: every entry usable for routing, validation and cost. */
class CatalogFileTest {

    private final ModelCatalog catalog = ModelCatalog.builtIn();

    @Test
    void recordsWhenAndWhereTheNumbersWereRead() {
        assertThat(catalog.asOf()).isAfter(LocalDate.of(2026, 1, 1));
        assertThat(catalog.sources()).isNotEmpty().allMatch(source -> source.startsWith("https://"));
    }

    @Test
    void holdsTheMajorProvidersModels() {
        Set<String> providers = catalog.all().stream().map(Model::provider).collect(Collectors.toSet());
        assertThat(providers).contains("openai", "anthropic", "google", "meta", "mistral", "deepseek", "xai");
        assertThat(catalog.all()).hasSizeGreaterThanOrEqualTo(25);
    }

    @Test
    void everyModelHasPricesAndLimits() {
        for (Model model : catalog.all()) {
            assertThat(model.pricing().inputPerMillion()).as(model.id()).isPositive();
            assertThat(model.pricing().outputPerMillion()).as(model.id()).isPositive();
            assertThat(model.pricing().currency()).as(model.id()).isEqualTo("USD");
            assertThat(model.limits().contextWindow()).as(model.id()).isGreaterThan(1000);
            assertThat(model.limits().maxOutputTokens()).as(model.id()).isBetween(1000, model.limits().contextWindow());
        }
    }

    @Test
    void cacheReadsAreCheaperThanInputAndAnthropicCacheWritesDearer() {
        for (Model model : catalog.all()) {
            BigDecimal input = model.pricing().inputPerMillion();
            model.pricing().perMillion(TokenKind.CACHE_READ).ifPresent(read ->
                    assertThat(read).as(model.id() + " cache read").isLessThan(input));
            if (model.provider().equals("anthropic")) {
                assertThat(model.pricing().perMillion(TokenKind.CACHE_WRITE)).as(model.id() + " cache write")
                        .hasValueSatisfying(write -> assertThat(write).isGreaterThan(input));
            }
        }
    }

    @Test
    void everyModelNamesAKnownProviderAndAValidStatus() {
        Set<String> providerIds = catalog.providers().stream().map(Provider::id).collect(Collectors.toSet());
        for (Model model : catalog.all()) {
            assertThat(providerIds).as(model.id()).contains(model.provider());
            assertThat(model.lifecycle().status()).as(model.id()).isNotNull();
        }
    }

    @Test
    void everyRouteNamesABuiltInPlatform() {
        Set<String> platforms = PlatformCatalog.load(List.of(), Map.of()).all().stream().map(Platform::id)
                .collect(Collectors.toSet());
        for (Model model : catalog.all()) {
            assertThat(model.routes()).as(model.id()).isNotEmpty();
            for (Route route : model.routes()) {
                assertThat(platforms).as(model.id() + " route").contains(route.platform());
                assertThat(route.modelString()).as(model.id() + " route").isNotBlank();
                assertThat(route.priority()).as(model.id() + " route").isPositive();
            }
        }
    }

    @Test
    void openRouterStringsNameTheVendor() {
        for (Model model : catalog.all()) {
            model.routes().stream().filter(route -> route.platform().equals("openrouter")).forEach(route ->
                    assertThat(route.modelString()).as(model.id()).matches("[a-z0-9-]+/[a-z0-9.-]+"));
        }
    }

    @Test
    void metaModelsAreServedByTheirHostsEachAtItsOwnPrice() {
        List<Model> llamas = catalog.all().stream().filter(model -> model.provider().equals("meta")).toList();
        assertThat(llamas).extracting(Model::id).contains("llama-3.3-70b-instruct", "llama-3.1-8b-instruct",
                "llama-4-maverick", "llama-4-scout");
        for (Model model : llamas) {
            assertThat(model.routes()).extracting(Route::platform).as(model.id())
                    .contains("together", "openrouter")
                    .as(model.id() + ": Groq retired its Llama models on 2026-08-16 and before").doesNotContain("groq");
            for (Route route : model.routes()) {
                assertThat(route.pricing()).as(model.id() + " on " + route.platform()).isNotNull();
                assertThat(route.pricing().inputPerMillion()).isPositive();
                assertThat(route.pricing().outputPerMillion()).isPositive();
                assertThat(route.pricing().inputPerMillion()).as("the model's price bounds its routes'")
                        .isLessThanOrEqualTo(model.pricing().inputPerMillion());
            }
        }
    }

    @Test
    void idsAreUnique() {
        Set<String> seen = new HashSet<>();
        for (Model model : catalog.all()) {
            assertThat(seen.add(model.id())).as("duplicate id " + model.id()).isTrue();
        }
    }

    @Test
    void retiringModelsHaveDatesAndAnExistingReplacement() {
        for (Model model : catalog.all()) {
            Lifecycle lifecycle = model.lifecycle();
            if (lifecycle.status() == Lifecycle.Status.DEPRECATED || lifecycle.status() == Lifecycle.Status.SUNSET) {
                assertThat(lifecycle.sunsetDate()).as(model.id() + " sunset date").isNotNull();
                assertThat(lifecycle.migrationTo()).as(model.id() + " migration").isNotNull();
            }
            if (lifecycle.migrationTo() != null) {
                assertThat(catalog.find(lifecycle.migrationTo())).as(model.id() + " migrates to").isPresent();
                assertThat(catalog.find(lifecycle.migrationTo()).orElseThrow().lifecycle().status())
                        .as(model.id() + " migrates to an active model").isEqualTo(Lifecycle.Status.ACTIVE);
            }
            if (lifecycle.deprecationDate() != null && lifecycle.sunsetDate() != null) {
                assertThat(lifecycle.deprecationDate()).as(model.id()).isBefore(lifecycle.sunsetDate());
            }
        }
    }

    @Test
    void reasoningModelsSayHowReasoningIsControlledOrNot() {
        for (Model model : catalog.all()) {
            if (model.reasoningControl() != null) {
                assertThat(model.supports(Capability.REASONING)).as(model.id()).isTrue();
            }
        }
    }
}
