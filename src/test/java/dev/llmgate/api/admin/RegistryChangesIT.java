package dev.llmgate.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.RunningGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Registry changes through the admin API: applied at once, persisted, refused when unusable, shared by instances. */
class RegistryChangesIT {

    static FakeUpstream fake;
    static Path store;

    @BeforeAll
    static void start() throws Exception {
        fake = FakeUpstream.start();
        store = Files.createTempDirectory("llmgate-registry");
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    static String config() {
        return """
                data_dir: "%s"
                cache: { enabled: false }
                platforms:
                  - { id: test, dialect: openai, base_url: "%s", api_key: k }
                """.formatted(store, fake.baseUrl());
    }

    static final String NEW_MODEL = """
            {"provider": "meta", "context_window": 8000, "max_output_tokens": 1000,
             "pricing": {"input_per_million": 1, "output_per_million": 2},
             "routes": [{"platform": "test", "model_string": "replay:openai/chat-text.json", "priority": 1},
                        {"platform": "test", "model_string": "replay:openai/chat-text-2026.json", "priority": 2}]}""";

    static int chat(RunningGateway gateway, String model) {
        return gateway.post("/v1/chat/completions",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").statusCode();
    }

    static HttpResponse<String> send(RunningGateway gateway, String method, String path, String body) throws Exception {
        return gateway.http().send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void changesApplyAtOnceSurviveARestartAndReachOtherInstances() throws Exception {
        try (RunningGateway first = RunningGateway.start(config(), Map.of());
             RunningGateway second = RunningGateway.start(config(), Map.of())) {
            assertThat(chat(first, "team-model")).isEqualTo(404);

            HttpResponse<String> added = send(first, "PUT", "/api/registry/models/team-model", NEW_MODEL);
            assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(added.body()).path("routes")).hasSize(2);
            assertThat(chat(first, "team-model")).as("applied without a restart").isEqualTo(200);

            awaitStatus(second, "team-model", 200); // the other instance follows the store

            assertThat(send(first, "POST", "/api/registry/models/team-model/disable", "").statusCode()).isEqualTo(200);
            HttpResponse<String> disabled = first.post("/v1/chat/completions",
                    "{\"model\":\"team-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            assertThat(disabled.statusCode()).isEqualTo(404);
            assertThat(Json.MAPPER.readTree(disabled.body()).at("/error/code").asString()).isEqualTo("model_disabled");
            assertThat(send(first, "POST", "/api/registry/models/team-model/enable", "").statusCode()).isEqualTo(200);

            HttpResponse<String> routeOff = send(first, "PATCH", "/api/registry/routes", """
                    {"model": "team-model", "platform": "test", "model_string": "replay:openai/chat-text.json",
                     "enabled": false}""");
            assertThat(routeOff.statusCode()).as(routeOff.body()).isEqualTo(200);
            assertThat(first.post("/v1/chat/completions",
                    "{\"model\":\"team-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                    .headers().firstValue("x-llmgate-route")).as("the second route, the first being off")
                    .hasValue("test/replay:openai/chat-text-2026.json");

            HttpResponse<String> unusable = send(first, "POST", "/api/registry/models/team-model/routes",
                    "{\"platform\": \"nowhere\", \"model_string\": \"x\"}");
            assertThat(unusable.statusCode()).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(unusable.body()).at("/error/code").asString()).isEqualTo("invalid_change");
        }
        try (RunningGateway restarted = RunningGateway.start(config(), Map.of())) {
            assertThat(chat(restarted, "team-model")).as("the change was kept in the store").isEqualTo(200);
            JsonNodeList changes = new JsonNodeList(restarted.get("/api/registry/changes").body());
            assertThat(changes.ids()).containsExactly("team-model");

            assertThat(send(restarted, "DELETE", "/api/registry/models/team-model/changes", "").statusCode())
                    .isEqualTo(200);
            assertThat(chat(restarted, "team-model")).as("undone").isEqualTo(404);
        }
    }

    @Test
    void anAddedRouteAndItsNewPriorityTakeTheNextRequest() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(config(), Map.of())) {
            assertThat(send(gateway, "PUT", "/api/registry/models/rerouted", """
                    {"provider": "meta", "context_window": 8000, "max_output_tokens": 1000,
                     "pricing": {"input_per_million": 1, "output_per_million": 2},
                     "routes": [{"platform": "test", "model_string": "replay:openai/chat-text.json", "priority": 1}]}
                    """).statusCode()).isEqualTo(200);
            assertThat(route(gateway, "rerouted")).isEqualTo("test/replay:openai/chat-text.json");

            HttpResponse<String> added = send(gateway, "POST", "/api/registry/models/rerouted/routes",
                    "{\"platform\": \"test\", \"model_string\": \"replay:openai/chat-text-2026.json\", \"priority\": 2}");
            assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
            assertThat(route(gateway, "rerouted")).as("added behind the first")
                    .isEqualTo("test/replay:openai/chat-text.json");

            HttpResponse<String> promoted = send(gateway, "PATCH", "/api/registry/routes", """
                    {"model": "rerouted", "platform": "test", "model_string": "replay:openai/chat-text-2026.json",
                     "priority": 0, "weight": 5}""");
            assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
            JsonNode routes = Json.MAPPER.readTree(promoted.body()).path("routes");
            assertThat(routes.get(1).path("weight").asInt()).isEqualTo(5);
            assertThat(route(gateway, "rerouted")).as("the next request follows the new priority")
                    .isEqualTo("test/replay:openai/chat-text-2026.json");

            assertThat(send(gateway, "DELETE", "/api/registry/models/rerouted/changes", "").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void concurrentEditsAllLand() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(config(), Map.of())) {
            assertThat(send(gateway, "PUT", "/api/registry/models/busy", NEW_MODEL).statusCode()).isEqualTo(200);
            int editors = 8;
            ExecutorService pool = Executors.newFixedThreadPool(editors);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < editors; i++) {
                    String body = "{\"platform\": \"test\", \"model_string\": \"replay:openai/chat-text.json#" + i
                            + "\", \"priority\": 9}";
                    results.add(pool.submit(() -> send(gateway, "POST", "/api/registry/models/busy/routes", body)
                            .statusCode()));
                }
                for (Future<Integer> result : results) {
                    assertThat(result.get()).isEqualTo(200);
                }
            } finally {
                pool.shutdown();
            }
            JsonNode model = Json.MAPPER.readTree(gateway.get("/api/registry/models/busy").body());
            assertThat(model.path("routes")).as("no edit overwrote another").hasSize(2 + editors);
            assertThat(send(gateway, "DELETE", "/api/registry/models/busy/changes", "").statusCode())
                    .isEqualTo(200);
        }
    }

    private static String route(RunningGateway gateway, String model) {
        return gateway.post("/v1/chat/completions", "{\"model\":\"" + model
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .headers().firstValue("x-llmgate-route").orElse("none");
    }

    /** The model ids of a changes listing. */
    record JsonNodeList(String body) {
        java.util.List<String> ids() {
            return Json.MAPPER.readTree(body).path("changes").findValuesAsString("model_id");
        }
    }

    private static void awaitStatus(RunningGateway gateway, String model, int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (chat(gateway, model) != status) {
            assertThat(System.nanoTime()).as("%s answered %d within 15 s", model, status).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
