package dev.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.catalog.Capability;
import dev.llmgate.catalog.Lifecycle;
import dev.llmgate.catalog.Limits;
import dev.llmgate.catalog.Model;
import dev.llmgate.catalog.Pricing;
import dev.llmgate.catalog.Route;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.GatewayOptions;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.ProviderRouting;
import dev.llmgate.chat.Sampling;
import dev.llmgate.chat.Streaming;
import dev.llmgate.chat.Tooling;
import dev.llmgate.provider.ParamRules;
import dev.llmgate.provider.Upstream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteOrderTest {

    private static final ChatRequest REQUEST = new ChatRequest("m",
            List.of(new Message.User(List.of(Part.Text.of("hi")), Extras.NONE)), Tooling.NONE, Sampling.NONE, null,
            null, Streaming.OFF, null, GatewayOptions.NONE, Extras.NONE);

    static Candidate candidate(String platform, int priority, int weight, int group, double inputPrice) {
        Route route = new Route(platform, "m", priority, weight, true);
        Model model = new Model("m-" + platform, "meta", "f", new Limits(100_000, 1000), Set.of(Capability.STREAMING),
                new Pricing(BigDecimal.valueOf(inputPrice), BigDecimal.valueOf(inputPrice), null, null, null, "USD"),
                new Lifecycle(Lifecycle.Status.ACTIVE, null, null, null, null), List.of(), null, List.of(),
                List.of(route), true);
        Upstream upstream = new Upstream(platform, "openai", new Upstream.Endpoint("http://x", null, Map.of()),
                ParamRules.NONE, "m");
        return new Candidate(model, route, upstream, REQUEST, group);
    }

    @Test
    void priorityFirstThenFallbackGroupsInOrder() {
        List<Candidate> ordered = new RouteOrder(Strategy.PRIORITY, new Random(1), 0).order(List.of(
                candidate("fallback", 1, 1, 1, 0.1), candidate("second", 2, 1, 0, 0.1),
                candidate("first", 1, 1, 0, 0.1)), Map.of(), 10, 0);

        assertThat(ordered).extracting(c -> c.route().platform()).containsExactly("first", "second", "fallback");
    }

    @Test
    void weightedDrawsInProportionToWeights() {
        RouteOrder order = new RouteOrder(Strategy.WEIGHTED, new Random(42), 0);
        List<Candidate> candidates = List.of(candidate("light", 1, 1, 0, 1), candidate("heavy", 1, 3, 0, 1));
        Map<String, Integer> firsts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            firsts.merge(order.order(candidates, Map.of(), 10, 0).getFirst().route().platform(), 1, Integer::sum);
        }
        assertThat(firsts.get("heavy") / 10_000.0).isCloseTo(0.75, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void latencyPrefersTheFasterRouteAndTriesUnmeasuredOnes() {
        Map<String, RouteStats> stats = new HashMap<>();
        RouteStats slow = new RouteStats();
        slow.success(Duration.ofMillis(900).toNanos(), Duration.ofMillis(400).toNanos(), Instant.now());
        RouteStats fast = new RouteStats();
        fast.success(Duration.ofMillis(100).toNanos(), Duration.ofMillis(50).toNanos(), Instant.now());
        stats.put("slow/m", slow);
        stats.put("fast/m", fast);

        List<Candidate> ordered = new RouteOrder(Strategy.LATENCY, new Random(1), 0).order(List.of(
                candidate("slow", 1, 1, 0, 1), candidate("fast", 1, 1, 0, 1), candidate("new", 1, 1, 0, 1)),
                stats, 10, 0);
        assertThat(ordered).extracting(c -> c.route().platform()).containsExactly("new", "fast", "slow");
    }

    @Test
    void costPrefersTheCheaperModel() {
        List<Candidate> ordered = new RouteOrder(Strategy.COST, new Random(1), 0).order(List.of(
                candidate("dear", 1, 1, 0, 10), candidate("cheap", 1, 1, 0, 0.5)), Map.of(), 1000, 0);

        assertThat(ordered).extracting(c -> c.route().platform()).containsExactly("cheap", "dear");
    }

    @Test
    void costUsesARoutesOwnPriceOverItsModelsAndEstimatesAnUncountedPrompt() {
        Candidate dear = withRoutePrice(candidate("dear-host", 1, 1, 0, 0.5), 3.0);
        Candidate cheap = withRoutePrice(candidate("cheap-host", 1, 1, 0, 0.5), 0.2);

        List<Candidate> ordered = new RouteOrder(Strategy.COST, new Random(1), 0).order(List.of(dear, cheap),
                Map.of(), -1, 0);
        assertThat(ordered).extracting(c -> c.route().platform()).containsExactly("cheap-host", "dear-host");
    }

    @Test
    void inputAndOutputPricesWeighTheEstimatedPromptAgainstTheAnswer() {
        // same output price, input prices apart: only a prompt estimate (the count being -1) can tell them apart
        String longPrompt = "word ".repeat(4000);
        Candidate inputDear = withRoutePrice(withPrompt(candidate("input-dear", 1, 1, 0, 1), longPrompt),
                new Pricing(BigDecimal.valueOf(5), BigDecimal.ONE, null, null, null, "USD"));
        Candidate inputCheap = withRoutePrice(withPrompt(candidate("input-cheap", 1, 1, 0, 1), longPrompt),
                new Pricing(BigDecimal.valueOf(0.5), BigDecimal.valueOf(1.2), null, null, null, "USD"));

        assertThat(new RouteOrder(Strategy.COST, new Random(1), 0).order(List.of(inputDear, inputCheap), Map.of(),
                -1, 0)).extracting(c -> c.route().platform()).containsExactly("input-cheap", "input-dear");
    }

    @Test
    void providerOrderPutsItsPlatformsFirstAndWithoutFallbacksKeepsOnlyThem() {
        ProviderRouting order = new ProviderRouting(List.of("third", "second"), true, null);
        List<Candidate> candidates = List.of(withRouting(candidate("first", 1, 1, 0, 1), order),
                withRouting(candidate("second", 2, 1, 0, 1), order), withRouting(candidate("third", 3, 1, 0, 1), order));
        RouteOrder routeOrder = new RouteOrder(Strategy.PRIORITY, new Random(1), 0);

        assertThat(routeOrder.order(candidates, Map.of(), 10, 0)).extracting(c -> c.route().platform())
                .containsExactly("third", "second", "first");

        ProviderRouting only = new ProviderRouting(List.of("third", "second"), false, null);
        assertThat(routeOrder.order(candidates.stream().map(c -> withRouting(c, only)).toList(), Map.of(), 10, 0))
                .extracting(c -> c.route().platform()).containsExactly("third", "second");

        ProviderRouting primaryOnly = new ProviderRouting(List.of(), false, null);
        assertThat(routeOrder.order(candidates.stream().map(c -> withRouting(c, primaryOnly)).toList(), Map.of(),
                10, 0)).extracting(c -> c.route().platform()).containsExactly("first");
    }

    @Test
    void aCoolingRouteIsSkippedAndProbedByOneRequestOnceItsTimeIsUp() {
        Map<String, RouteStats> stats = new HashMap<>();
        RouteStats failing = new RouteStats();
        long now = 1_000_000_000L;
        assertThat(failing.failure(Instant.now(), 1, now + 5_000)).isTrue();
        stats.put("failing/m", failing);
        RouteOrder order = new RouteOrder(Strategy.PRIORITY, new Random(1), 10_000);
        List<Candidate> candidates = List.of(candidate("failing", 1, 1, 0, 1), candidate("healthy", 2, 1, 0, 1));

        assertThat(order.order(candidates, stats, 10, now)).extracting(c -> c.route().platform())
                .as("skipped, not moved last").containsExactly("healthy");
        assertThat(order.order(candidates, stats, 10, now + 6_000).getFirst().route().platform())
                .as("cooldown over: it may be probed").isEqualTo("failing");
        assertThat(failing.admits(now + 6_000, 10_000)).as("the first request claims the probe").isTrue();
        assertThat(failing.admits(now + 6_001, 10_000)).as("the others wait for its outcome").isFalse();
        assertThat(order.order(candidates, stats, 10, now + 7_000)).extracting(c -> c.route().platform())
                .containsExactly("healthy");
    }

    @Test
    void whenEveryRouteIsCoolingTheAnswerIsA503WithTheEarliestReopening() {
        Map<String, RouteStats> stats = new HashMap<>();
        long now = 1_000_000_000L;
        RouteStats soon = new RouteStats();
        soon.failure(Instant.now(), 1, now + Duration.ofMillis(2_500).toNanos());
        RouteStats later = new RouteStats();
        later.failure(Instant.now(), 1, now + Duration.ofSeconds(20).toNanos());
        stats.put("soon/m", soon);
        stats.put("later/m", later);
        RouteOrder order = new RouteOrder(Strategy.PRIORITY, new Random(1), Duration.ofSeconds(30).toNanos());

        assertThatThrownBy(() -> order.order(List.of(candidate("later", 1, 1, 0, 1), candidate("soon", 2, 1, 0, 1)),
                stats, 10, now))
                .isInstanceOfSatisfying(GatewayException.Unavailable.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.code()).isEqualTo("all_routes_cooling_down");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
                });
    }

    private static Candidate withRoutePrice(Candidate candidate, double price) {
        return withRoutePrice(candidate, new Pricing(BigDecimal.valueOf(price), BigDecimal.valueOf(price), null, null,
                null, "USD"));
    }

    private static Candidate withRoutePrice(Candidate candidate, Pricing pricing) {
        Route route = candidate.route();
        Route priced = new Route(route.platform(), route.modelString(), route.priority(), route.weight(), true, pricing);
        Model model = candidate.model();
        Model withRoute = new Model(model.id(), model.provider(), model.family(), model.limits(), model.capabilities(),
                model.pricing(), model.lifecycle(), model.tags(), null, List.of(), List.of(priced), true);
        return new Candidate(withRoute, priced, candidate.upstream(), candidate.request(), candidate.group());
    }

    private static Candidate withPrompt(Candidate candidate, String prompt) {
        ChatRequest request = candidate.request().withMessages(
                List.of(new Message.User(List.of(Part.Text.of(prompt)), Extras.NONE)))
                .withSampling(Sampling.NONE.withMaxTokens(100));
        return new Candidate(candidate.model(), candidate.route(), candidate.upstream(), request, candidate.group());
    }

    private static Candidate withRouting(Candidate candidate, ProviderRouting routing) {
        ChatRequest r = candidate.request();
        GatewayOptions options = new GatewayOptions(List.of(), null, null,
                new GatewayOptions.Narrowing(null, null, routing), GatewayOptions.Attribution.NONE);
        ChatRequest request = new ChatRequest(r.model(), r.messages(), r.tooling(), r.sampling(), r.responseFormat(),
                r.reasoning(), r.streaming(), r.user(), options, r.extras());
        return new Candidate(candidate.model(), candidate.route(), candidate.upstream(), request, candidate.group());
    }
}
