package dev.llmgate.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.RunningGateway;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/cache}: statistics, entries, removal and purge, against a running gateway. */
class CacheApiIT {

    static FakeUpstream fake;
    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.withFake(fake, """
                models:
                  - id: priced-cache
                    provider: meta
                    context_window: 100000
                    max_output_tokens: 4000
                    pricing: { input_per_million: 1.0, output_per_million: 2.0 }
                    routes: [ { platform: test, model_string: "delay:1:openai/chat-text.json" } ]
                """);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    static HttpResponse<String> ask(String question, String... headers) {
        return gateway.post("/v1/chat/completions", """
                {"model":"test/replay:openai/chat-text.json","messages":[{"role":"user","content":"%s"}]}"""
                .formatted(question), headers);
    }

    static JsonNode get(String path) {
        HttpResponse<String> response = gateway.get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    static HttpResponse<String> delete(String path) {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).DELETE().build());
    }

    @Test
    void statisticsEntriesRemovalAndPurge() {
        assertThat(delete("/api/cache").statusCode()).isEqualTo(200);
        String first = ask("one").headers().firstValue("x-llmgate-cache-key").orElseThrow();
        ask("two");
        ask("three", "x-llmgate-cache-ttl", "60");
        ask("one");
        ask("one");

        JsonNode stats = get("/api/cache/stats");
        assertThat(stats.path("enabled").asBoolean()).isTrue();
        assertThat(stats.path("backend").asString()).isEqualTo("memory");
        assertThat(stats.path("default_ttl_hours").asDouble()).isEqualTo(168);
        assertThat(stats.path("entries").asLong()).isEqualTo(3);
        assertThat(stats.path("size_bytes").asLong()).isPositive();
        assertThat(stats.path("hits").asLong()).isEqualTo(2);
        assertThat(stats.at("/saved/input_tokens").asLong()).isPositive();
        assertThat(stats.at("/saved/cost").isNull()).as("the model has no price: unknown, never 0").isTrue();
        assertThat(stats.at("/this_instance/hits").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(stats.at("/this_instance/misses").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(stats.at("/backend_status/available").asBoolean()).isTrue();

        JsonNode page = get("/api/cache/entries?limit=2");
        assertThat(page.path("total").asLong()).isEqualTo(3);
        assertThat(page.path("entries")).hasSize(2);
        JsonNode rest = get("/api/cache/entries?limit=2&offset=2");
        assertThat(rest.path("entries")).hasSize(1);
        JsonNode shortLived = rest.path("entries").get(0);
        assertThat(java.time.Duration.between(java.time.Instant.parse(shortLived.path("created_at").asString()),
                java.time.Instant.parse(shortLived.path("expires_at").asString()))).hasSeconds(60);
        JsonNode one = page.path("entries").findParents("id").stream()
                .filter(e -> e.path("id").asString().equals(first)).findFirst().orElseThrow();
        assertThat(one.path("hits").asLong()).isEqualTo(2);
        assertThat(one.path("model").asString()).isEqualTo("test/replay:openai/chat-text.json");
        assertThat(one.at("/saved/output_tokens").asLong()).isEqualTo(2 * one.path("output_tokens").asLong());

        assertThat(delete("/api/cache/entries/" + first).statusCode()).isEqualTo(200);
        assertThat(delete("/api/cache/entries/" + first).statusCode()).isEqualTo(404);
        assertThat(ask("one").headers().firstValue("x-llmgate-cache")).hasValue("miss");

        HttpResponse<String> purged = delete("/api/cache");
        assertThat(Json.MAPPER.readTree(purged.body()).path("purged").asLong()).isEqualTo(3);
        assertThat(get("/api/cache/stats").path("entries").asLong()).isZero();
        assertThat(ask("two").headers().firstValue("x-llmgate-cache")).hasValue("miss");
    }

    @Test
    void hitsOnAPricedModelShowWhatTheySavedPerEntryAndInAll() {
        assertThat(delete("/api/cache").statusCode()).isEqualTo(200);
        String body = "{\"model\":\"priced-cache\",\"messages\":[{\"role\":\"user\",\"content\":\"priced\"}]}";
        String key = gateway.post("/v1/chat/completions", body).headers().firstValue("x-llmgate-cache-key").orElseThrow();
        for (int i = 0; i < 3; i++) {
            assertThat(gateway.post("/v1/chat/completions", body).headers().firstValue("x-llmgate-cache")).hasValue("hit");
        }

        // chat-text.json used 14 input and 37 output tokens: $0.000088 at $1 / $2 per million, saved three times
        BigDecimal saved = new BigDecimal("0.000264");
        JsonNode entry = get("/api/cache/entries").path("entries").get(0);
        assertThat(entry.path("id").asString()).isEqualTo(key);
        assertThat(entry.path("model").asString()).isEqualTo("priced-cache");
        assertThat(entry.path("hits").asLong()).isEqualTo(3);
        assertThat(entry.at("/saved/input_tokens").asLong()).isEqualTo(42);
        assertThat(entry.at("/saved/output_tokens").asLong()).isEqualTo(111);
        assertThat(entry.at("/saved/cost").decimalValue()).isEqualByComparingTo(saved);
        JsonNode stats = get("/api/cache/stats");
        assertThat(stats.path("hits").asLong()).isEqualTo(3);
        assertThat(stats.at("/saved/cost").decimalValue()).isEqualByComparingTo(saved);
        assertThat(delete("/api/cache").statusCode()).isEqualTo(200);
    }

    @Test
    void badPagesAndUnknownIdsAreTheClientsError() {
        assertThat(gateway.get("/api/cache/entries?limit=0").statusCode()).isEqualTo(400);
        assertThat(gateway.get("/api/cache/entries?limit=501").statusCode()).isEqualTo(400);
        assertThat(gateway.get("/api/cache/entries?offset=-1").statusCode()).isEqualTo(400);
        assertThat(delete("/api/cache/entries/not-a-key").statusCode()).isEqualTo(404);
        assertThat(delete("/api/cache/entries/" + "0".repeat(64)).statusCode()).isEqualTo(404);
    }

    @Test
    void aGatewayWithTheCacheOffSaysSoAndSkips() {
        try (RunningGateway off = RunningGateway.withFake(fake, "cache: { enabled: false }\n")) {
            HttpResponse<String> answer = off.post("/v1/chat/completions",
                    "{\"model\":\"test/replay:openai/chat-text.json\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                    "x-llmgate-cache-ttl", "not checked when off");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("x-llmgate-cache")).hasValue("skip");
            JsonNode stats = Json.MAPPER.readTree(off.get("/api/cache/stats").body());
            assertThat(stats.path("enabled").asBoolean()).isFalse();
            assertThat(Json.MAPPER.readTree(off.get("/api/cache/entries").body()).path("total").asLong()).isZero();
        }
    }
}
