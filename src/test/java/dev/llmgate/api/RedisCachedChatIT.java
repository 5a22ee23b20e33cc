package dev.llmgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.PrometheusText;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.RedisServer;
import dev.llmgate.testing.RunningGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Gateways sharing one Redis: what one instance stored is a hit on another; and a Redis that goes away
 * (one of the test's own, killed mid-run): the gateway keeps answering, uncached, says so, and caches
 * again once Redis is back.
 */
class RedisCachedChatIT {

    static FakeUpstream fake;

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    static String redisYaml(String backend, String url, String prefix) {
        return """
                cache: { backend: "%s" }
                redis: { url: "%s", key_prefix: "%s", timeout: 1, retry_interval: 0.2 }
                """.formatted(backend, url, prefix);
    }

    static HttpResponse<String> ask(RunningGateway gateway, String model, String question, String extra) {
        return gateway.post("/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"user","content":"%s"}]%s}""".formatted(model, question, extra));
    }

    static String cache(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.headers().firstValue("x-llmgate-cache").orElse("(none)");
    }

    /** A sample's value in Prometheus's text format ({@code name{labels} value}); fails when it is absent. */
    static double metric(String scrape, String sample) {
        return PrometheusText.sample(scrape, sample)
                .orElseThrow(() -> new AssertionError(sample + " is not in /metrics:\n" + scrape));
    }

    static long entries(RunningGateway gateway) {
        return Json.MAPPER.readTree(gateway.get("/api/cache/stats").body()).path("entries").asLong();
    }

    static void purge(RunningGateway gateway) {
        gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/cache")).DELETE().build());
    }

    @Test
    void anAnswerOneInstanceStoredIsAHitOnTheOthers() throws InterruptedException {
        String url = RedisServer.shared();
        String prefix = RedisServer.randomPrefix();
        try (RunningGateway tiered = RunningGateway.withFake(fake, redisYaml("memory+redis", url, prefix));
             RunningGateway plain = RunningGateway.withFake(fake, redisYaml("redis", url, prefix))) {
            String question = "shared " + UUID.randomUUID();
            String model = "test/replay:openai/chat-tool-call.json";
            String streamModel = "test/replay:openai/stream-text-include-usage.sse";

            assertThat(cache(ask(tiered, model, question, ""))).isEqualTo("miss");
            assertThat(cache(ask(plain, model, question, ""))).isEqualTo("hit");
            assertThat(cache(ask(plain, streamModel, question, ",\"stream\":true"))).isEqualTo("miss");
            // a stream's copy is stored once it has ended, beside the client's last bytes: wait for it to land
            for (long deadline = System.nanoTime() + 5_000_000_000L; entries(plain) < 2
                    && System.nanoTime() < deadline; ) {
                Thread.sleep(20);
            }
            assertThat(cache(ask(tiered, streamModel, question, ""))).isEqualTo("hit");

            assertThat(fake.count("replay:openai/chat-tool-call.json")).isEqualTo(1);
            assertThat(fake.count("replay:openai/stream-text-include-usage.sse")).isEqualTo(1);
            JsonNode stats = Json.MAPPER.readTree(plain.get("/api/cache/stats").body());
            // a hit is counted beside its answer, not before it: wait for the second one to land
            for (long deadline = System.nanoTime() + 5_000_000_000L;
                 stats.path("hits").asLong() < 2 && System.nanoTime() < deadline; ) {
                Thread.sleep(20);
                stats = Json.MAPPER.readTree(plain.get("/api/cache/stats").body());
            }
            assertThat(stats.path("backend").asString()).isEqualTo("redis");
            assertThat(stats.path("entries").asLong()).isEqualTo(2);
            assertThat(stats.path("hits").asLong()).as("hits of both instances").isEqualTo(2);
            purge(plain);
        }
    }

    @Test
    void aRedisThatGoesAwayLeavesTheGatewayServingUncachedUntilItReturns() throws InterruptedException {
        try (RedisServer redis = RedisServer.start();
             RunningGateway gateway = RunningGateway.withFake(fake, redisYaml("redis", redis.url(),
                     RedisServer.randomPrefix()))) {
            String model = "test/replay:openai/chat-text.json";
            String question = "outage " + UUID.randomUUID();
            assertThat(cache(ask(gateway, model, question, ""))).isEqualTo("miss");
            assertThat(cache(ask(gateway, model, question, ""))).isEqualTo("hit");

            redis.kill();

            for (int i = 0; i < 5; i++) {
                assertThat(cache(ask(gateway, model, question, ""))).isEqualTo("skip");
                assertThat(cache(ask(gateway, "test/replay:openai/stream-text-include-usage.sse", question,
                        ",\"stream\":true"))).isEqualTo("skip");
            }
            JsonNode down = Json.MAPPER.readTree(gateway.get("/api/cache/stats").body());
            assertThat(down.at("/backend_status/available").asBoolean()).isFalse();
            assertThat(down.at("/backend_status/outages").asLong()).isEqualTo(1);
            assertThat(down.at("/this_instance/lookup_failures").asLong()).isPositive();
            assertThat(gateway.get("/api/cache/entries").statusCode()).isEqualTo(503);
            String metrics = gateway.get("/metrics").body();
            assertThat(metric(metrics, "llmgate_cache_backend_available{backend=\"redis\"}")).isZero();
            assertThat(metric(metrics, "llmgate_cache_backend_outages_total{backend=\"redis\"}")).isEqualTo(1);
            assertThat(metric(metrics, "llmgate_cache_backend_failed_operations_total{backend=\"redis\"}"))
                    .isPositive();
            assertThat(metric(metrics, "llmgate_cache_lookup_failures_total{backend=\"redis\"}")).isPositive();
            assertThat(metric(metrics, "llmgate_cache_skips_total{backend=\"redis\"}")).isGreaterThanOrEqualTo(10);
            assertThat(metric(metrics, "llmgate_cache_hits_total{backend=\"redis\"}")).isEqualTo(1);
            assertThat(metric(metrics, "llmgate_cache_misses_total{backend=\"redis\"}")).isEqualTo(1);

            redis.restart();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            String again;
            String outcome;
            do {
                Thread.sleep(100); // the gateway retries Redis every 200 ms
                // a new question each time: a skipped lookup's answer may be stored as Redis comes back
                again = "after " + UUID.randomUUID();
                outcome = cache(ask(gateway, model, again, ""));
            } while (outcome.equals("skip") && System.nanoTime() < deadline);
            assertThat(outcome).as("Redis is used again once it is back").isEqualTo("miss");
            assertThat(cache(ask(gateway, model, again, ""))).isEqualTo("hit");
            JsonNode up = Json.MAPPER.readTree(gateway.get("/api/cache/stats").body());
            assertThat(up.at("/backend_status/available").asBoolean()).isTrue();
            assertThat(metric(gateway.get("/metrics").body(), "llmgate_cache_backend_available{backend=\"redis\"}"))
                    .isEqualTo(1);
        }
    }
}
