package dev.llmgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.config.DatabaseConfig;
import dev.llmgate.store.Database;
import dev.llmgate.testing.FakeUpstream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway as a real process, under load, told to stop with SIGTERM: every request that got an
 * answer has its usage record in the store afterwards — whole answers, streams, and streams the upstream cut
 * short (whose tokens are counted off the event loop, the work a careless shutdown order would lose).
 */
class ShutdownIT {

    @Test
    void sigtermWhileRequestsFlowLosesNoUsageRecord() throws Exception {
        Path jar = Path.of("target/llmgate.jar");
        assertThat(jar).as("the packaged jar (built by `package`, before integration tests)").exists();
        Path dataDir = Files.createTempDirectory("llmgate-shutdown");
        int port = freePort();
        try (FakeUpstream fake = FakeUpstream.start()) {
            Path config = dataDir.resolve("llmgate.yaml");
            Files.writeString(config, """
                    cache: { enabled: false }
                    platforms:
                      - { id: test, dialect: openai, base_url: "%s", api_key: k }
                    """.formatted(fake.baseUrl()));
            Process gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "serve",
                    "--port", Integer.toString(port), "--config", config.toString(), "--data-dir", dataDir.toString())
                    .redirectErrorStream(true).redirectOutput(dataDir.resolve("gateway.log").toFile()).start();
            try {
                awaitHealthy(port);
                Set<String> answered = load(port, gateway);
                assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).as("the gateway stops after SIGTERM").isTrue();
                assertThat(answered).as("requests answered before and during the shutdown").hasSizeGreaterThan(50);
                assertThat(recordedIds(dataDir)).containsAll(answered);
                assertThat(answered).as("streams, and streams cut short, were answered too")
                        .anyMatch(id -> id.startsWith("stream-")).anyMatch(id -> id.startsWith("cut-"));
                assertThat(Files.readString(dataDir.resolve("gateway.log"))).doesNotContain("gave up")
                        .doesNotContain("not written").doesNotContain("may be lost").doesNotContain("could not be built");
            } finally {
                gateway.destroyForcibly();
            }
        }
    }

    /**
     * What the load sends, by thread: whole answers, streams (events 20 ms apart), and streams the upstream
     * cuts after five events (they end with an error event and no usage: their tokens are counted).
     */
    private static final String[][] KINDS = {
            {"answer-", "\"model\":\"test/delay:40:openai/chat-text.json\""},
            {"stream-", "\"model\":\"test/slow:openai/stream-text-include-usage.sse:20\",\"stream\":true"},
            {"cut-", "\"model\":\"test/cut:openai/stream-text-include-usage.sse:5\",\"stream\":true"},
            {"answer-", "\"model\":\"test/delay:40:openai/chat-text.json\""}};

    /** Sends requests from 16 threads; after 100 answers, SIGTERM; returns the ids that got a 200. */
    private static Set<String> load(int port, Process gateway) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        for (int t = 0; t < 16; t++) {
            String[] kind = KINDS[t % KINDS.length];
            pool.submit(() -> {
                for (int i = 0; i < 60; i++) {
                    String id = kind[0] + counter.incrementAndGet();
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                    + "/v1/chat/completions"))
                            .header("x-request-id", id).timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString("{" + kind[1]
                                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + id + "\"}]}"))
                            .build();
                    try {
                        if (http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                            answered.add(id);
                        }
                    } catch (IOException e) {
                        return; // refused: the gateway has stopped listening
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (answered.size() == 100) {
                        gateway.destroy(); // SIGTERM
                    }
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
        return new HashSet<>(answered);
    }

    private static Set<String> recordedIds(Path dataDir) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Database database = Database.open(DatabaseConfig.DEFAULT, dataDir);
             Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT request_id FROM usage_records")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static void awaitHealthy(int port) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the gateway did not become healthy");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
