package dev.llmgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.config.ServerConfig;
import dev.llmgate.store.TestDatabases;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.RunningGateway;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP edge as a client meets it outside the chat path: unknown paths, wrong methods, faults inside the
 * gateway, the health endpoints (readiness follows the store), and the request id on every answer.
 */
class EdgeIT {

    static FakeUpstream fake;
    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.withFake(fake, "");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    static HttpResponse<String> send(RunningGateway target, String method, String path) {
        return target.send(HttpRequest.newBuilder(URI.create(target.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("x-request-id", "edge-1").build());
    }

    @Test
    void aKnownPathWithTheWrongMethodGets405NamingTheAllowedOnes() {
        HttpResponse<String> chat = send(gateway, "GET", "/v1/chat/completions");
        assertThat(chat.statusCode()).isEqualTo(405);
        assertThat(chat.headers().firstValue("allow")).hasValue("POST");
        assertThat(RunningGateway.errorOf(chat).path("code").asString()).isEqualTo("method_not_allowed");
        assertThat(RunningGateway.errorOf(chat).path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(RunningGateway.errorOf(chat).path("message").asString())
                .isEqualTo("Method GET is not allowed on /v1/chat/completions; use POST.");
        assertThat(chat.headers().firstValue("x-request-id")).hasValue("edge-1");

        HttpResponse<String> models = send(gateway, "DELETE", "/v1/models");
        assertThat(models.statusCode()).isEqualTo(405);
        assertThat(models.headers().firstValue("allow")).hasValue("GET");

        HttpResponse<String> entry = send(gateway, "POST", "/api/cache/entries/abc");
        assertThat(entry.statusCode()).as("a path with a parameter").isEqualTo(405);
        assertThat(entry.headers().firstValue("allow")).hasValue("DELETE");
    }

    @Test
    void anUnknownPathGets404InTheOpenAiEnvelope() {
        HttpResponse<String> response = send(gateway, "GET", "/v2/nothing-here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(RunningGateway.errorOf(response).path("code").asString()).isEqualTo("unknown_url");
        assertThat(response.headers().firstValue("x-request-id")).hasValue("edge-1");
        assertThat(send(gateway, "POST", "/api/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void metricsAndHealthCarryTheRequestId() {
        for (String path : List.of("/metrics", "/health", "/health/ready")) {
            HttpResponse<String> response = send(gateway, "GET", path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("x-request-id")).as(path).hasValue("edge-1");
            assertThat(response.headers().firstValue("x-llmgate-overhead-ms")).as(path).isPresent();
        }
        JsonNode ready = Json.MAPPER.readTree(send(gateway, "GET", "/health/ready").body());
        assertThat(ready.path("status").asString()).isEqualTo("ready");
        assertThat(ready.path("store").asString()).isEqualTo("reachable");
        assertThat(ready.path("platforms_configured").asLong()).isPositive();
    }

    @Test
    void readinessFailsWith503WhileTheStoreIsUnreachable() throws Exception {
        TestDatabases.ServerDatabase database = TestDatabases.emptyPostgres();
        try (RunningGateway onPostgres = RunningGateway.start("database: { url: \"" + database.url() + "\" }\n",
                Map.of())) {
            assertThat(send(onPostgres, "GET", "/health/ready").statusCode()).isEqualTo(200);

            database.close(); // dropped, its connections cut

            HttpResponse<String> down = send(onPostgres, "GET", "/health/ready");
            assertThat(down.statusCode()).isEqualTo(503);
            JsonNode body = Json.MAPPER.readTree(down.body());
            assertThat(body.path("status").asString()).isEqualTo("not_ready");
            assertThat(body.path("store").asString()).isEqualTo("unreachable");
            assertThat(send(onPostgres, "GET", "/health").statusCode()).as("still alive").isEqualTo(200);
        } finally {
            database.close();
        }
    }

    @Test
    void aFaultInsideTheGatewayIsA500InternalErrorWithoutItsDetails() {
        Vertx vertx = Vertx.vertx();
        try {
            GatewayServer server = new GatewayServer(new ServerConfig("127.0.0.1", 0, 1000L, 1.0), null, null,
                    List.of(web -> web.get("/boom").handler(ctx -> {
                        throw new IllegalStateException("secret internals");
                    })));
            int port = server.start(vertx, 1).await().port();
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/boom")).header("x-request-id", "edge-2").build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(RunningGateway.errorOf(response).path("code").asString()).isEqualTo("internal_error");
            assertThat(RunningGateway.errorOf(response).path("type").asString()).isEqualTo("server_error");
            assertThat(RunningGateway.errorOf(response).path("message").asString()).contains("edge-2").doesNotContain("secret");
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            vertx.close().await();
        }
    }
}
