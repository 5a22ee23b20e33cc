package dev.llmgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.PrometheusText;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.RunningGateway;
import dev.llmgate.usage.UsageRecord;
import dev.llmgate.usage.UsageRecorder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * A store that stops taking writes (the test holds SQLite's write lock): once the usage queue is full, new
 * requests of every kind — streams and cache hits included — wait before any upstream is called; once
 * {@code usage.max_waiting} wait, new ones are answered 503 at once, reaching no upstream; when the store
 * is back, the waiting requests are served and every record is written.
 */
@Timeout(120) // a safety net against a hang; every wait below is for a condition
class UsageBackpressureIT {

    @Test
    void aBlockedStoreMakesNewRequestsWaitThenRefusesThemAndLosesNothing() throws Exception {
        Path dataDir = Files.createTempDirectory("llmgate-backpressure");
        try (FakeUpstream fake = FakeUpstream.start();
             RunningGateway gateway = RunningGateway.start("""
                     data_dir: "%s"
                     usage: { queue_capacity: 2, max_waiting: 2, batch_size: 1, flush_millis: 1 }
                     platforms:
                       - { id: test, dialect: openai, base_url: "%s", api_key: k }
                     """.formatted(dataDir, fake.baseUrl()), Map.of())) {
            UsageRecorder recorder = gateway.gateway().usage().recorder();
            String cached = ask("test/replay:openai/chat-text.json", "kept", false);
            assertThat(gateway.post("/v1/chat/completions", cached, "x-request-id", "primer").statusCode())
                    .isEqualTo(200);
            await(() -> gateway.get("/api/requests/primer").statusCode() == 200); // written: the writer is idle

            CompletableFuture<HttpResponse<String>> stream;
            CompletableFuture<HttpResponse<String>> hit;
            try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("llmgate.db"));
                 Statement statement = lock.createStatement()) {
                statement.execute("BEGIN IMMEDIATE"); // SQLite's write lock: the usage writer now blocks
                recorder.offer(filler(0));
                await(() -> recorder.depth() == 0); // the writer took it and is stuck writing it
                recorder.offer(filler(1));
                recorder.offer(filler(2)); // the queue (2) is full

                stream = send(gateway, ask(
                        "test/replay:openai/stream-text-include-usage.sse", "streamed", true), "waits-stream");
                await(() -> waiting(gateway) == 1);
                hit = send(gateway, cached, "waits-hit");
                await(() -> waiting(gateway) == 2);

                HttpResponse<String> refused = gateway.post("/v1/chat/completions", ask("test/status:500", "refused",
                        false), "x-request-id", "refused");
                HttpResponse<String> malformed = gateway.post("/v1/chat/completions", "{\"model\": 5}");

                assertThat(refused.statusCode()).isEqualTo(503);
                JsonNode error = Json.MAPPER.readTree(refused.body()).path("error");
                assertThat(error.path("code").asString()).isEqualTo("usage_backlog");
                assertThat(error.path("message").asString()).contains("Retry");
                assertThat(refused.headers().firstValue("retry-after")).hasValue("1");
                assertThat(malformed.statusCode()).isEqualTo(503);
                assertThat(fake.count("status:500")).as("a refused request reaches no upstream").isZero();
                assertThat(fake.count("replay:openai/stream-text-include-usage.sse")).as("waiting, not sent").isZero();
                assertThat(stream.isDone()).isFalse();
                assertThat(hit.isDone()).isFalse();

                statement.execute("ROLLBACK"); // the store is back
            }

            HttpResponse<String> streamed = stream.get();
            assertThat(streamed.statusCode()).isEqualTo(200);
            assertThat(streamed.body()).contains("data: [DONE]");
            HttpResponse<String> served = hit.get();
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.headers().firstValue("x-llmgate-cache")).hasValue("hit");
            recorder.flush().await();
            for (String id : new String[] {"fill-0", "fill-1", "fill-2", "waits-stream", "waits-hit"}) {
                assertThat(gateway.get("/api/requests/" + id).statusCode()).as(id + " is recorded").isEqualTo(200);
            }
            String metrics = gateway.get("/metrics").body();
            assertThat(metrics).contains("llmgate_usage_backpressure_refused_total 2.0")
                    .contains("llmgate_usage_backpressure_waiting 0.0")
                    .contains("llmgate_usage_records_lost_total 0.0");
            assertThat(metric(metrics, "llmgate_usage_backpressure_waits_total")).as("the two requests, at least")
                    .isGreaterThanOrEqualTo(2);
        } finally {
            try (var paths = Files.walk(dataDir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static String ask(String model, String question, boolean stream) {
        return "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]%s}".formatted(model, question,
                stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "");
    }

    private static CompletableFuture<HttpResponse<String>> send(RunningGateway gateway, String body, String id) {
        return gateway.http().sendAsync(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("x-request-id", id).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static UsageRecord filler(int i) {
        return new UsageRecord("fill-" + i, Instant.now(), null,
                new UsageRecord.Served("filler", null, null, null, null, 0, false), UsageRecord.Outcome.success(),
                null, null, null, null, null);
    }

    private static double waiting(RunningGateway gateway) {
        return metric(gateway.get("/metrics").body(), "llmgate_usage_backpressure_waiting");
    }

    private static double metric(String scrape, String name) {
        return PrometheusText.sample(scrape, name).orElse(-1);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the condition did not come true within 20 s");
            }
            Thread.sleep(20);
        }
    }
}
