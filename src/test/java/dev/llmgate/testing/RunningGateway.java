package dev.llmgate.testing;

import dev.llmgate.chat.Json;
import dev.llmgate.cli.Gateway;
import dev.llmgate.config.ConfigLoader;
import dev.llmgate.config.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The real gateway on a random port, configured from YAML, with a plain HTTP client to call it. The
 * environment is given explicitly, so no test depends on the machine's.
 */
public final class RunningGateway implements AutoCloseable {

    private final Gateway gateway;
    private final Path configFile;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private RunningGateway(Gateway gateway, Path configFile, Path dataDir) {
        this.gateway = gateway;
        this.configFile = configFile;
        this.dataDir = dataDir;
    }

    /**
     * A gateway configured by {@code yaml}, kept in a file that {@link #rewriteConfig} changes for reloads;
     * unless the YAML names a {@code data_dir}, its store lives in a new temporary directory, removed on close.
     */
    public static RunningGateway start(String yaml, Map<String, String> env) {
        try {
            Path file = Files.createTempFile("llmgate-test", ".yaml");
            Files.writeString(file, yaml);
            Path dataDir = Files.createTempDirectory("llmgate-data");
            ConfigLoader loader = new ConfigLoader(env);
            GatewayConfig config = forTest(loader.load(file), dataDir);
            return new RunningGateway(Gateway.start(config, env, () -> forTest(loader.load(file), dataDir)).await(),
                    file, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GatewayConfig forTest(GatewayConfig config, Path dataDir) {
        GatewayConfig onRandomPort = config.withServer(config.server().withPort(0));
        return config.dataDir().equals(GatewayConfig.DEFAULT.dataDir())
                ? onRandomPort.withDataDir(dataDir.toString()) : onRandomPort;
    }

    /** The gateway itself, for what tests reach directly (the usage recorder). */
    public Gateway gateway() {
        return gateway;
    }

    public void rewriteConfig(String yaml) {
        try {
            Files.writeString(configFile, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A gateway whose platform {@code test} is the fake upstream, with short timeouts. */
    public static RunningGateway withFake(FakeUpstream fake, String extraYaml) {
        String yaml = """
                upstream:
                  connect_timeout: 2
                  first_byte_timeout: 3
                  idle_timeout: 2
                  total_timeout: 20
                router:
                  max_retry_wait: 1
                platforms:
                  - id: test
                    dialect: openai
                    base_url: %s
                    api_key: upstream-key
                    headers: { x-vendor-header: from-config }
                """.formatted(fake.baseUrl()) + extraYaml;
        return start(yaml, Map.of());
    }

    public int port() {
        return gateway.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** A one-message chat completion ("Hi") for {@code model}, with {@code extra} appended to the body's fields. */
    public HttpResponse<String> chat(String model, String extra) {
        return post("/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"user","content":"Hi"}]%s}""".formatted(model, extra));
    }

    /** The usage record of a request, once the recorder has written it (waits up to 10 s for it). */
    public JsonNode usageRecord(String requestId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            HttpResponse<String> response = get("/api/requests/" + requestId);
            if (response.statusCode() == 200) {
                return Json.MAPPER.readTree(response.body());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no usage record for " + requestId + ": " + response.body());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A route's live statistics, as {@code /api/registry/routes} shows them. */
    public JsonNode routeStats(String key) {
        for (JsonNode route : Json.MAPPER.readTree(get("/api/registry/routes").body()).path("routes")) {
            if (route.path("key").asString().equals(key)) {
                return route.path("stats");
            }
        }
        throw new AssertionError("no route " + key);
    }

    /** The {@code error} object of an OpenAI-shaped error answer. */
    public static JsonNode errorOf(HttpResponse<String> response) {
        return Json.MAPPER.readTree(response.body()).path("error");
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30)).build());
    }

    public HttpClient http() {
        return http;
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        gateway.close();
        try {
            Files.deleteIfExists(configFile);
            try (Stream<Path> paths = Files.walk(dataDir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
