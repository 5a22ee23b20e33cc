package dev.llmgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.catalog.Model;
import dev.llmgate.catalog.Registry;
import dev.llmgate.catalog.Route;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Usage;
import dev.llmgate.config.ConfigLoader;
import dev.llmgate.observe.Metrics;
import dev.llmgate.testing.Fixtures;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The cost arithmetic over recorded usages: each row names a recording, the raw numbers read from it (checked
 * against the file), the canonical usage built from them by hand (input includes cached tokens, output
 * includes reasoning) and the dollars computed by hand at the prices of the test catalog below.
 */
class CostCalculatorTest {

    /** Prices per million tokens, as the providers published them for these models (gpt-5.6-sol's are made up). */
    private static final String CATALOG = """
            models:
              - { id: gpt-5.6-sol, provider: openai, context_window: 400000, max_output_tokens: 128000,
                  pricing: { input_per_million: 2.00, output_per_million: 10.00, cache_read_per_million: 0.20 },
                  routes: [ { platform: openai, model_string: gpt-5.6-sol } ] }
              - { id: claude-sonnet-4-5, provider: anthropic, context_window: 200000, max_output_tokens: 64000,
                  pricing: { input_per_million: 3.00, output_per_million: 15.00, cache_read_per_million: 0.30,
                             cache_write_per_million: 3.75 },
                  routes: [ { platform: anthropic, model_string: claude-sonnet-4-5 } ] }
              - { id: gpt-5-mini, provider: openai, context_window: 400000, max_output_tokens: 128000,
                  pricing: { input_per_million: 0.25, output_per_million: 2.00, cache_read_per_million: 0.025 },
                  routes: [ { platform: openrouter, model_string: openai/gpt-5-mini } ] }
              - { id: gemini-2.5-flash, provider: google, context_window: 1048576, max_output_tokens: 65536,
                  pricing: { input_per_million: 0.30, output_per_million: 2.50, cache_read_per_million: 0.03 },
                  routes: [ { platform: gemini, model_string: gemini-2.5-flash } ] }
              - { id: deepseek-reasoner, provider: deepseek, context_window: 128000, max_output_tokens: 64000,
                  pricing: { input_per_million: 0.28, output_per_million: 0.42, cache_read_per_million: 0.028 },
                  routes: [ { platform: deepseek, model_string: deepseek-reasoner } ] }
              - { id: priced-reasoning, provider: deepseek, context_window: 128000, max_output_tokens: 64000,
                  pricing: { input_per_million: 0.28, output_per_million: 0.42, reasoning_per_million: 0.84 },
                  routes: [ { platform: deepseek, model_string: priced-reasoning } ] }
            """;

    private final Metrics metrics = new Metrics();
    private final CostCalculator calculator = new CostCalculator(
            Registry.load(new ConfigLoader(Map.of()).parse(CATALOG, "test catalog"), Map.of()), metrics);

    static Stream<Arguments> recordedUsages() {
        return Stream.of(
                // prompt_tokens 4020 include cached_tokens 4012: 8 uncached; no cache write price is needed
                Arguments.of("openai/chat-cached-tokens.json", "gpt-5.6-sol",
                        Map.of("/usage/prompt_tokens", 4020, "/usage/prompt_tokens_details/cached_tokens", 4012,
                                "/usage/completion_tokens", 4),
                        usage(4020, 4, 4012, 0, 0),
                        // 8×2.00 + 4012×0.20 = 16 + 802.4 = 818.4 µ$ of prompt; 4×10 = 40 µ$ of output
                        "0.000016", "0.00004", "0.0008024", "0.0008584"),
                // Anthropic's input_tokens (3) exclude the cache: canonical input = 3 + 418 written + 1111 read
                Arguments.of("anthropic/messages-cache-read-and-write.json", "claude-sonnet-4-5",
                        Map.of("/usage/input_tokens", 3, "/usage/cache_creation_input_tokens", 418,
                                "/usage/cache_read_input_tokens", 1111, "/usage/output_tokens", 33),
                        usage(1532, 33, 1111, 418, 0),
                        // 3×3.00 = 9; 1111×0.30 + 418×3.75 = 333.3 + 1567.5 = 1900.8; 33×15 = 495 (µ$)
                        "0.000009", "0.000495", "0.0019008", "0.0024048"),
                // OpenRouter reports its own charge, usage.cost 0.00435825: the same figure
                Arguments.of("openrouter/chat-usage-cost-provider.json", "gpt-5-mini",
                        Map.of("/usage/prompt_tokens", 17, "/usage/completion_tokens", 2177,
                                "/usage/completion_tokens_details/reasoning_tokens", 960, "/usage/cost", 0.00435825),
                        usage(17, 2177, 0, 0, 960),
                        // 17×0.25 = 4.25; 2177×2.00 = 4354 (reasoning at the output price) (µ$)
                        "0.00000425", "0.004354", "0", "0.00435825"),
                // Gemini's candidatesTokenCount (68) excludes thoughts (821): canonical output 889, reasoning 821
                Arguments.of("gemini/generate-content-cached-content-tokens.json", "gemini-2.5-flash",
                        Map.of("/usageMetadata/promptTokenCount", 17713, "/usageMetadata/cachedContentTokenCount", 17379,
                                "/usageMetadata/candidatesTokenCount", 68, "/usageMetadata/thoughtsTokenCount", 821),
                        usage(17713, 889, 17379, 0, 821),
                        // 334×0.30 = 100.2; 17379×0.03 = 521.37; 889×2.50 = 2222.5 (µ$)
                        "0.0001002", "0.0022225", "0.00052137", "0.00284407"),
                // completion_tokens 789 include reasoning_tokens 415, all at the output price
                Arguments.of("deepseek/chat-reasoning-content.json", "deepseek-reasoner",
                        Map.of("/usage/prompt_tokens", 12, "/usage/prompt_cache_hit_tokens", 0,
                                "/usage/completion_tokens", 789, "/usage/completion_tokens_details/reasoning_tokens", 415),
                        usage(12, 789, 0, 0, 415),
                        // 12×0.28 = 3.36; 789×0.42 = 331.38 (µ$)
                        "0.00000336", "0.00033138", "0", "0.00033474"),
                // the same recording on a model with a reasoning price: 374 answer tokens at 0.42, 415 at 0.84
                Arguments.of("deepseek/chat-reasoning-content.json", "priced-reasoning",
                        Map.of("/usage/completion_tokens", 789, "/usage/completion_tokens_details/reasoning_tokens", 415),
                        usage(12, 789, 0, 0, 415),
                        // 374×0.42 + 415×0.84 = 157.08 + 348.6 = 505.68 (µ$)
                        "0.00000336", "0.00050568", "0", "0.00050904"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("recordedUsages")
    void pricesRecordedUsages(String fixture, String modelId, Map<String, Number> recorded, Usage usage,
                              String input, String output, String cache, String total) {
        JsonNode body = Json.MAPPER.readTree(Fixtures.bytes(fixture));
        recorded.forEach((pointer, value) -> assertThat(body.at(pointer).decimalValue())
                .as("%s in %s", pointer, fixture).isEqualByComparingTo(new BigDecimal(value.toString())));

        Cost cost = calculator.price(modelId, usage);

        assertThat(cost.input()).isEqualByComparingTo(input);
        assertThat(cost.output()).isEqualByComparingTo(output);
        assertThat(cost.cache()).isEqualByComparingTo(cache);
        assertThat(cost.total()).isEqualByComparingTo(total);
        assertThat(cost.currency()).isEqualTo("USD");
        assertThat(cost.catalogVersion()).isEqualTo(calculator.catalogVersion());
        assertThat(metrics.counter("llmgate.usage.unpriced", "").count()).isZero();
    }

    @Test
    void aCacheWriteWithoutItsOwnPriceCostsAsInput() {
        // gpt-5.6-sol publishes no cache write price here: 100 written tokens at the 2.00 input price
        Cost cost = calculator.price("gpt-5.6-sol", usage(1100, 0, 0, 100, 0));

        assertThat(cost.cache()).isEqualByComparingTo("0.0002");
        assertThat(cost.total()).isEqualByComparingTo("0.0022"); // 1000×2.00 + 100×2.00 µ$
    }

    @Test
    void aModelWithoutAPriceHasAnUnknownCostNeverZero() {
        Cost cost = calculator.price("groq/some-new-model", usage(1000, 100, 0, 0, 0));
        calculator.price("groq/some-new-model", usage(10, 1, 0, 0, 0));

        assertThat(cost.known()).isFalse();
        assertThat(cost.total()).isNull();
        assertThat(cost.catalogVersion()).isEqualTo(calculator.catalogVersion());
        assertThat(metrics.scrape()).contains("llmgate_usage_unpriced_total 2.0");
    }

    @Test
    void nothingBilledIsZeroEvenWithoutAPrice() {
        assertThat(calculator.price("groq/some-new-model", usage(0, 0, 0, 0, 0)).total()).isZero();
        assertThat(metrics.counter("llmgate.usage.unpriced", "").count()).isZero();
    }

    @Test
    void findsModelsByIdAndByRoute() {
        assertThat(calculator.find("openrouter/openai/gpt-5-mini")).map(Model::id).contains("gpt-5-mini");
        assertThat(calculator.find("gpt-5-mini")).map(Model::id).contains("gpt-5-mini");
        assertThat(calculator.find("openrouter/unknown")).isEmpty();
    }

    @Test
    void theMostExpensiveRouteIsTheDearestPricedOne() {
        Model sonnet = calculator.find("claude-sonnet-4-5").orElseThrow();
        Model mini = calculator.find("gpt-5-mini").orElseThrow();
        Usage usage = usage(1000, 100, 0, 0, 0);
        List<RouteOption> options = List.of(new RouteOption(mini.routes().getFirst(), mini),
                new RouteOption(new Route("groq", "x", 1, 1, true), null),
                new RouteOption(sonnet.routes().getFirst(), sonnet));

        // sonnet: 1000×3.00 + 100×15.00 = 4500 µ$; mini: 250 + 200 = 450 µ$; the unpriced route is skipped
        assertThat(CostCalculator.mostExpensive(options, usage)).hasValueSatisfying(
                value -> assertThat(value).isEqualByComparingTo("0.0045"));
        assertThat(CostCalculator.mostExpensive(List.of(options.get(1)), usage)).isEmpty();
    }

    private static Usage usage(long input, long output, long cacheRead, long cacheWrite, long reasoning) {
        return new Usage(input, output, cacheRead, cacheWrite, reasoning, Extras.NONE);
    }
}
