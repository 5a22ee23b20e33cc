package dev.llmgate.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmgate.catalog.Model;
import dev.llmgate.catalog.Registry;
import dev.llmgate.catalog.Route;
import dev.llmgate.config.GatewayConfig;
import dev.llmgate.observe.Metrics;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CostEstimatorTest {

    private final CostCalculator calculator = new CostCalculator(Registry.load(GatewayConfig.DEFAULT, Map.of()),
            new Metrics());
    private final Model gpt5 = calculator.find("gpt-5").orElseThrow();          // 1.25 in, 10.00 out
    private final Model mini = calculator.find("gpt-4o-mini").orElseThrow();    // 0.15 in, 0.60 out

    @Test
    void pricesThePromptAndMaxTokensOnEachRouteCheapestFirst() throws Exception {
        CostEstimator estimator = new CostEstimator(calculator, (model, limit) -> new long[0]);
        List<CostEstimator.Candidate> candidates = List.of(
                new CostEstimator.Candidate(new RouteOption(gpt5.routes().getFirst(), gpt5), 200),
                new CostEstimator.Candidate(new RouteOption(new Route("groq", "mystery", 1, 1, true), null), 200),
                new CostEstimator.Candidate(new RouteOption(mini.routes().getFirst(), mini), 200));

        List<RouteEstimate> estimates = estimator.estimate(20, candidates);

        assertThat(estimates).extracting(e -> e.option().key())
                .containsExactly("openai/gpt-4o-mini", "openai/gpt-5", "groq/mystery");
        RouteEstimate cheapest = estimates.getFirst();
        assertThat(cheapest.promptTokens()).isEqualTo(20);
        assertThat(cheapest.outputTokens()).isEqualTo(200);
        assertThat(cheapest.outputBasis()).isEqualTo(RouteEstimate.OutputBasis.MAX_TOKENS);
        assertThat(cheapest.cost().total().doubleValue()).isEqualTo((20 * 0.15 + 200 * 0.60) / 1e6, within(1e-15));
        assertThat(estimates.get(1).cost().total().doubleValue()).isEqualTo((20 * 1.25 + 200 * 10.0) / 1e6,
                within(1e-15));
        assertThat(estimates.getLast().cost().known()).isFalse();
    }

    @Test
    void withoutMaxTokensTheAnswerIsTheMedianOfTheModelsLatestAnswers() throws Exception {
        // 21 answers of 10..30 tokens (median 20) for gpt-4o-mini, three for gpt-5: too few for a median
        CostEstimator estimator = new CostEstimator(calculator, (model, limit) -> switch (model) {
            case "gpt-4o-mini" -> LongStream.rangeClosed(10, 30).map(i -> 40 - i).toArray();
            case "gpt-5" -> new long[] {5000, 6000, 7000};
            default -> new long[0];
        });

        List<RouteEstimate> estimates = estimator.estimate(10, List.of(
                new CostEstimator.Candidate(new RouteOption(mini.routes().getFirst(), mini), null),
                new CostEstimator.Candidate(new RouteOption(gpt5.routes().getFirst(), gpt5), null),
                new CostEstimator.Candidate(new RouteOption(new Route("groq", "mystery", 1, 1, true), null), null)));

        RouteEstimate fromRecords = estimates.getFirst();
        assertThat(fromRecords.option().model()).isEqualTo(mini);
        assertThat(fromRecords.outputTokens()).isEqualTo(20);
        assertThat(fromRecords.outputBasis()).isEqualTo(RouteEstimate.OutputBasis.RECENT_MEDIAN);
        RouteEstimate byDefault = estimates.get(1);
        assertThat(byDefault.outputTokens()).isEqualTo(CostEstimator.DEFAULT_TYPICAL_OUTPUT)
                .isLessThan(gpt5.limits().maxOutputTokens());
        assertThat(byDefault.outputBasis()).isEqualTo(RouteEstimate.OutputBasis.DEFAULT);
        assertThat(estimates.getLast().outputBasis()).isEqualTo(RouteEstimate.OutputBasis.DEFAULT);
        assertThat(estimates.getLast().cost().known()).isFalse();
    }
}
