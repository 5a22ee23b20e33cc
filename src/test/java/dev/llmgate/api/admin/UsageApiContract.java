package dev.llmgate.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Extras;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Usage;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.GatewayStore;
import dev.llmgate.testing.RunningGateway;
import dev.llmgate.usage.Cost;
import dev.llmgate.usage.UsageRecord;
import dev.llmgate.usage.UsageRecorder;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The usage endpoints of the real gateway, on each store: {@link UsageApiIT} (SQLite in a temporary data
 * directory) and {@link UsageApiPostgresIT} (a PostgreSQL database of its own).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UsageApiContract {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private GatewayStore store;
    private RunningGateway gateway;

    /** A new, empty store for a gateway (each call its own). */
    abstract GatewayStore store();

    @BeforeAll
    void start() {
        store = store();
        gateway = RunningGateway.start("usage: { flush_millis: 10 }\n" + store.yaml(), Map.of());
        UsageRecorder recorder = gateway.gateway().usage().recorder();
        recorder.offer(record("req_api_1", T0, "alice", UsageRecord.Outcome.success(), "0.0024048"));
        recorder.offer(record("req_api_2", T0.plusSeconds(60), "bob", UsageRecord.Outcome.error(429, "rate_limit_error"),
                "0"));
        recorder.offer(record("req_api_3", T0.plusSeconds(86_400), "alice", UsageRecord.Outcome.success(), null));
        recorder.flush().await();
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void listsRequestsNewestFirstWithFilters() {
        JsonNode all = json(gateway.get("/api/requests"), 200);
        assertThat(all.path("data")).extracting(n -> n.path("request_id").asString())
                .containsExactly("req_api_3", "req_api_2", "req_api_1");

        JsonNode alice = json(gateway.get("/api/requests?user=alice&limit=1"), 200);
        assertThat(alice.path("data")).extracting(n -> n.path("request_id").asString()).containsExactly("req_api_3");
        assertThat(alice.path("has_more").asBoolean()).isTrue();
        JsonNode next = json(gateway.get("/api/requests?user=alice&limit=1&cursor="
                + alice.path("next_cursor").asString()), 200);
        assertThat(next.path("data")).extracting(n -> n.path("request_id").asString()).containsExactly("req_api_1");
        assertThat(next.path("has_more").asBoolean()).isFalse();

        JsonNode errors = json(gateway.get("/api/requests?status=error&from=2026-11-20&to=2026-11-20"), 200);
        assertThat(errors.path("data")).extracting(n -> n.path("request_id").asString()).containsExactly("req_api_2");
        JsonNode byTime = json(gateway.get("/api/requests?from=" + T0.plusSeconds(30).toEpochMilli()
                + "&to=2026-11-21T00:00:00Z&model=claude-sonnet-5&key=key-1"), 200);
        assertThat(byTime.path("data")).extracting(n -> n.path("request_id").asString()).containsExactly("req_api_2");
    }

    @Test
    void findsOneRequestWithEveryField() {
        JsonNode record = json(gateway.get("/api/requests/req_api_1"), 200);

        assertThat(record.path("time").asString()).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(record.path("user_id").asString()).isEqualTo("alice");
        assertThat(record.path("tags")).extracting(JsonNode::asString).containsExactly("prod");
        assertThat(record.path("route").asString()).isEqualTo("anthropic/claude-sonnet-5");
        assertThat(record.path("status").asString()).isEqualTo("success");
        assertThat(record.path("tokens").path("cache_read").asLong()).isEqualTo(1111);
        assertThat(record.path("tokens").path("total").asLong()).isEqualTo(1565);
        assertThat(record.path("cost").path("total").decimalValue()).isEqualByComparingTo("0.0024048");
        assertThat(record.path("cost").path("catalog_version").asString()).isEqualTo("2026-11-23");
        assertThat(record.path("time_to_first_token_ms").asDouble()).isEqualTo(95.5);
        assertThat(json(gateway.get("/api/requests/req_api_3"), 200).path("cost").path("total").isNull()).isTrue();
    }

    @Test
    void anUnknownRequestIsA404InOpenAisErrorShape() {
        JsonNode error = json(gateway.get("/api/requests/req_nope"), 404).path("error");

        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asString()).isEqualTo("request_not_found");
        assertThat(error.path("message").asString()).contains("req_nope");
    }

    @Test
    void badParametersAre400sThatSayWhatToFix() {
        JsonNode limit = json(gateway.get("/api/requests?limit=0"), 400).path("error");
        assertThat(limit.path("param").asString()).isEqualTo("limit");
        JsonNode from = json(gateway.get("/api/analytics/usage?from=yesterday"), 400).path("error");
        assertThat(from.path("message").asString()).contains("ISO-8601");
        JsonNode status = json(gateway.get("/api/requests?status=maybe"), 400).path("error");
        assertThat(status.path("message").asString()).contains("status");
        JsonNode cursor = json(gateway.get("/api/requests?cursor=zzz"), 400).path("error");
        assertThat(cursor.path("message").asString()).contains("cursor");
    }

    @Test
    void reportsTheUsageOfARange() {
        JsonNode report = json(gateway.get("/api/analytics/usage?from=2026-11-20&to=2026-11-21"), 200);

        assertThat(report.path("totals").path("requests").asLong()).isEqualTo(3);
        assertThat(report.path("totals").path("errors").asLong()).isEqualTo(1);
        assertThat(report.path("totals").path("unpriced_requests").asLong()).isEqualTo(1);
        assertThat(report.path("totals").path("cost").asDouble()).isEqualTo(0.0024048);
        assertThat(report.path("by_user")).extracting(n -> n.path("user_id").asString()).containsExactly("alice", "bob");
        assertThat(report.path("daily")).extracting(n -> n.path("date").asString())
                .containsExactly("2026-11-20", "2026-11-21");
        // two priced records, each 0.001 cheaper than its dearest route; the unpriced one is left out
        assertThat(report.path("routing_savings").path("requests").asLong()).isEqualTo(2);
        assertThat(report.path("routing_savings").path("saved").asDouble()).isCloseTo(0.002,
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(report.has("cache_savings")).isTrue();
        JsonNode recent = json(gateway.get("/api/analytics/usage"), 200); // by default, the last 30 days
        assertThat(Instant.parse(recent.path("from").asString()))
                .isEqualTo(Instant.parse(recent.path("to").asString()).minus(java.time.Duration.ofDays(30)));
    }

    @Test
    void servesMetricsForPrometheus() {
        HttpResponse<String> response = gateway.get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(response.body()).contains("llmgate_usage_records_written_total 3.0")
                .contains("llmgate_usage_queue_depth 0.0");
    }

    @Test
    void estimatesARequestOnTheRoutesTheRouterWouldTakeCheapestFirst() throws Exception {
        try (FakeUpstream fake = FakeUpstream.start(); GatewayStore own = store();
             RunningGateway estimating = RunningGateway.start(ESTIMATES.formatted(fake.baseUrl(), fake.baseUrl())
                     + own.yaml(), Map.of())) {
            String longPrompt = "Tell me about gateways. ".repeat(40);
            // est-old is retired: the router migrates it to est-big (whose openai route has no key: not listed);
            // est-off is switched off and est-small's window cannot hold the prompt: neither is eligible
            JsonNode migrated = json(estimating.post("/api/cost/estimate", """
                    {"model": "est-old", "models": ["est-off", "est-small"], "max_tokens": 5000,
                     "messages": [{"role": "user", "content": "%s"}]}""".formatted(longPrompt)), 200);
            assertThat(migrated.path("model_migrated").asString()).isEqualTo("est-old -> est-big");
            assertThat(migrated.path("routes")).extracting(n -> n.path("route").asString())
                    .containsExactly("test/replay:openai/chat-text.json", "other/replay:openai/chat-text.json");
            JsonNode first = migrated.path("routes").get(0);
            long prompt = migrated.path("prompt_tokens").asLong();
            assertThat(prompt).isGreaterThan(60);
            assertThat(first.path("output_tokens").asLong()).as("max_tokens clamped to the limit").isEqualTo(4000);
            assertThat(first.path("output_tokens_basis").asString()).isEqualTo("max_tokens");
            assertThat(first.path("cost").path("total").decimalValue()).isEqualByComparingTo(
                    BigDecimal.valueOf(prompt * 2 + 4000 * 8).movePointLeft(6));

            // without max_tokens: the model's typical answer, once it has given enough of them
            String shortAsk = "{\"model\": \"%s\", %s\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
            JsonNode before = json(estimating.post("/api/cost/estimate", shortAsk.formatted("est-big", "")), 200);
            assertThat(before.at("/routes/0/output_tokens_basis").asString()).isEqualTo("default");
            assertThat(before.at("/routes/0/output_tokens").asLong()).isEqualTo(500);
            for (int i = 0; i < 21; i++) {
                assertThat(estimating.post("/v1/chat/completions", shortAsk.formatted("est-big",
                        "\"use_cache\": false, ")).statusCode()).isEqualTo(200);
            }
            estimating.gateway().usage().recorder().flush().await();
            JsonNode after = json(estimating.post("/api/cost/estimate", shortAsk.formatted("est-big",
                    "\"platform\": \"other\", ")), 200);
            assertThat(after.path("routes")).extracting(n -> n.path("route").asString())
                    .containsExactly("other/replay:openai/chat-text.json");
            assertThat(after.at("/routes/0/output_tokens_basis").asString()).isEqualTo("recent_median");
            assertThat(after.at("/routes/0/output_tokens").asLong()).as("chat-text.json's answer").isEqualTo(37);
            JsonNode small = json(estimating.post("/api/cost/estimate", shortAsk.formatted("est-small", "")), 200);
            assertThat(small.at("/routes/0/output_tokens").asLong()).as("the default, at most the limit").isEqualTo(50);

            // what the router refuses, the estimate refuses the same way, before anything is counted
            assertThat(json(estimating.post("/api/cost/estimate", shortAsk.formatted("est-small",
                    "\"provider\": \"meta\", ")), 404).at("/error/param").asString()).isEqualTo("provider");
            assertThat(json(estimating.post("/api/cost/estimate", shortAsk.formatted("openai/gpt-4o-mini", "")), 401)
                    .at("/error/code").asString()).isEqualTo("platform_not_configured");
            assertThat(json(estimating.post("/api/cost/estimate", ""), 400).at("/error/code").asString())
                    .isEqualTo("invalid_json");
        }
    }

    /** Models for the estimate: two platforms on the fake, and the built-in openai platform without its key. */
    private static final String ESTIMATES = """
            router: { retries: 0 }
            platforms:
              - { id: test, dialect: openai, base_url: "%s", api_key: k }
              - { id: other, dialect: openai, base_url: "%s", api_key: k }
            models:
              - id: est-big
                provider: meta
                context_window: 100000
                max_output_tokens: 4000
                pricing: { input_per_million: 2.0, output_per_million: 8.0 }
                routes:
                  - { platform: test, model_string: "replay:openai/chat-text.json", priority: 1 }
                  - { platform: other, model_string: "replay:openai/chat-text.json", priority: 2 }
                  - { platform: openai, model_string: gpt-big, priority: 3 }
              - id: est-small
                provider: acme
                context_window: 60
                max_output_tokens: 50
                pricing: { input_per_million: 0.5, output_per_million: 1.0 }
                routes: [ { platform: test, model_string: "replay:openai/chat-text.json" } ]
              - id: est-off
                provider: meta
                context_window: 100000
                max_output_tokens: 4000
                pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                enabled: false
                routes: [ { platform: test, model_string: "replay:openai/chat-text.json" } ]
              - id: est-old
                provider: meta
                context_window: 100000
                max_output_tokens: 4000
                pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                status: sunset
                sunset_date: 2026-01-01
                migration_to: est-big
                routes: [ { platform: test, model_string: retired } ]
            """;

    private static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return Json.MAPPER.readTree(response.body());
    }

    private static UsageRecord record(String id, Instant time, String user, UsageRecord.Outcome outcome, String total) {
        BigDecimal cost = total == null ? null : new BigDecimal(total);
        return new UsageRecord(id, time, new UsageRecord.Caller("key-1", user, "s-1", List.of("prod")),
                new UsageRecord.Served("claude-sonnet-5", "claude-sonnet-5", "anthropic", "anthropic",
                        "anthropic/claude-sonnet-5", 1, true),
                outcome, new Usage(1532, 33, 1111, 418, 0, Extras.NONE),
                cost == null ? Cost.unknown("2026-11-23") : new Cost(cost, BigDecimal.ZERO, BigDecimal.ZERO, cost, "USD",
                        "2026-11-23"),
                new UsageRecord.Timings(800, 95.5, 0.1), UsageRecord.CacheUse.MISS,
                cost == null ? null : cost.add(new BigDecimal("0.001")));
    }
}
