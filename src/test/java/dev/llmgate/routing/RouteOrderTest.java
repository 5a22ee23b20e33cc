package dev.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.catalog.Capability;
import dev.llmgate.catalog.Lifecycle;
import dev.llmgate.catalog.Limits;
import dev.llmgate.catalog.Model;
import dev.llmgate.catalog.Pricing;
import dev.llmgate.catalog.Route;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.GatewayOptions;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
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
    void aCoolingRouteGoesLastAndIsProbedOnceItsTimeIsUp() {
        Map<String, RouteStats> stats = new HashMap<>();
        RouteStats failing = new RouteStats();
        long now = 1_000_000_000L;
        assertThat(failing.failure(Instant.now(), 1, now + 5_000)).isTrue();
        stats.put("failing/m", failing);
        RouteOrder order = new RouteOrder(Strategy.PRIORITY, new Random(1), 10_000);
        List<Candidate> candidates = List.of(candidate("failing", 1, 1, 0, 1), candidate("healthy", 2, 1, 0, 1));

        assertThat(order.order(candidates, stats, 10, now).getFirst().route().platform()).isEqualTo("healthy");
        assertThat(order.order(candidates, stats, 10, now + 6_000).getFirst().route().platform())
                .as("cooldown over: one probe").isEqualTo("failing");
        assertThat(order.order(candidates, stats, 10, now + 7_000).getFirst().route().platform())
                .as("while the probe is out, the others wait").isEqualTo("healthy");
    }
}
