package dev.llmgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.catalog.Model;
import dev.llmgate.catalog.Registry;
import dev.llmgate.catalog.Route;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.TokenCounter;
import dev.llmgate.config.GatewayConfig;
import dev.llmgate.observe.Metrics;
import dev.llmgate.provider.openai.OpenAiRequestCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostEstimatorTest {

    private final CostCalculator calculator = new CostCalculator(Registry.load(GatewayConfig.DEFAULT, Map.of()),
            new Metrics());
    private final CostEstimator estimator = new CostEstimator(calculator);

    @Test
    void pricesThePromptAndMaxTokensOnEachRouteCheapestFirst() {
        ChatRequest request = request("""
                {"model": "gpt-5", "max_tokens": 200,
                 "messages": [{"role": "user", "content": "How many tokens is this sentence, roughly?"}]}""");
        Model gpt5 = calculator.find("gpt-5").orElseThrow();          // 1.25 in, 10.00 out
        Model mini = calculator.find("gpt-4o-mini").orElseThrow();    // 0.15 in, 0.60 out
        List<RouteOption> options = List.of(new RouteOption(gpt5.routes().getFirst(), gpt5),
                new RouteOption(new Route("groq", "mystery", 1, 1, true), null),
                new RouteOption(mini.routes().getFirst(), mini));

        List<RouteEstimate> estimates = estimator.estimate(request, options);

        long prompt = TokenCounter.prompt(request);
        assertThat(prompt).isBetween(10L, 30L);
        assertThat(estimates).extracting(e -> e.option().key())
                .containsExactly("openai/gpt-4o-mini", "openai/gpt-5", "groq/mystery");
        RouteEstimate cheapest = estimates.getFirst();
        assertThat(cheapest.promptTokens()).isEqualTo(prompt);
        assertThat(cheapest.outputTokens()).isEqualTo(200);
        assertThat(cheapest.outputBasis()).isEqualTo(RouteEstimate.OutputBasis.MAX_TOKENS);
        assertThat(cheapest.cost().total().doubleValue()).isEqualTo((prompt * 0.15 + 200 * 0.60) / 1e6,
                org.assertj.core.api.Assertions.within(1e-15));
        assertThat(estimates.get(1).cost().total().doubleValue()).isEqualTo((prompt * 1.25 + 200 * 10.0) / 1e6,
                org.assertj.core.api.Assertions.within(1e-15));
        assertThat(estimates.getLast().cost().known()).isFalse();
        assertThat(estimates.getLast().outputBasis()).isEqualTo(RouteEstimate.OutputBasis.MAX_TOKENS);
    }

    @Test
    void withoutMaxTokensTheAnswerIsCountedAtTheModelsOutputLimit() {
        ChatRequest request = request("""
                {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}""");
        Model mini = calculator.find("gpt-4o-mini").orElseThrow();

        List<RouteEstimate> estimates = estimator.estimate(request, List.of(new RouteOption(mini.routes().getFirst(),
                mini), new RouteOption(new Route("groq", "mystery", 1, 1, true), null)));

        assertThat(estimates.getFirst().outputTokens()).isEqualTo(mini.limits().maxOutputTokens());
        assertThat(estimates.getFirst().outputBasis()).isEqualTo(RouteEstimate.OutputBasis.MODEL_MAX_OUTPUT);
        assertThat(estimates.getLast().outputBasis()).isEqualTo(RouteEstimate.OutputBasis.UNKNOWN);
        assertThat(estimates.getLast().cost().known()).isFalse();
    }

    private static ChatRequest request(String json) {
        return OpenAiRequestCodec.fromWire(Json.parseObject(json.getBytes()));
    }
}
