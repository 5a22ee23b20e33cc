package dev.llmgate.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.catalog.Registry;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Usage;
import dev.llmgate.config.GatewayConfig;
import dev.llmgate.provider.openai.OpenAiRequestCodec;
import dev.llmgate.testing.RunningGateway;
import dev.llmgate.usage.Cost;
import dev.llmgate.usage.UsageRecord;
import dev.llmgate.usage.UsageRecorder;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The usage endpoints of the real gateway, on its default SQLite store in a temporary data directory. */
class UsageApiIT {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        gateway = RunningGateway.start("usage: { flush_millis: 10 }\n", Map.of());
        UsageRecorder recorder = gateway.gateway().usage().recorder();
        recorder.offer(record("req_api_1", T0, "alice", UsageRecord.Outcome.success(), "0.0024048"));
        recorder.offer(record("req_api_2", T0.plusSeconds(60), "bob", UsageRecord.Outcome.error(429, "rate_limit_error"),
                "0"));
        recorder.offer(record("req_api_3", T0.plusSeconds(86_400), "alice", UsageRecord.Outcome.success(), null));
        recorder.flush().await();
    }

    @AfterAll
    static void stop() {
        gateway.close();
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
    void estimatesARequestOnEachRouteCheapestFirst() throws Exception {
        // the gateway mounts the estimate once it is given the OpenAI decoder; here it is given one directly
        var vertx = gateway.gateway().vertx();
        Router web = Router.router(vertx);
        web.route().handler(BodyHandler.create(false));
        new UsageApi(vertx, gateway.gateway().usage(), Registry.load(GatewayConfig.DEFAULT, Map.of()),
                OpenAiRequestCodec::fromWire).mount(web);
        HttpServer server = vertx.createHttpServer().requestHandler(web).listen(0).await();
        try {
            String body = """
                    {"model": "gpt-5", "models": ["gpt-4o-mini"], "max_tokens": 100,
                     "messages": [{"role": "user", "content": "Say hello in French."}]}""";
            HttpResponse<String> response = gateway.http().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.actualPort() + "/api/cost/estimate"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode estimate = json(response, 200);

            assertThat(estimate.path("routes")).extracting(n -> n.path("route").asString())
                    .containsExactly("openai/gpt-4o-mini", "openrouter/openai/gpt-4o-mini-2024-07-18", "openai/gpt-5");
            JsonNode cheapest = estimate.path("routes").get(0);
            long prompt = estimate.path("prompt_tokens").asLong();
            assertThat(prompt).isPositive();
            assertThat(cheapest.path("output_tokens").asLong()).isEqualTo(100);
            assertThat(cheapest.path("output_tokens_basis").asString()).isEqualTo("max_tokens");
            assertThat(cheapest.path("configured").asBoolean()).isFalse(); // no keys in this test's environment
            assertThat(cheapest.path("cost").path("total").asDouble()).isCloseTo((prompt * 0.15 + 100 * 0.60) / 1e6,
                    org.assertj.core.api.Assertions.within(1e-12));
        } finally {
            server.close().await();
        }
    }

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
