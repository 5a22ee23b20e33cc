package dev.llmgate.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The registry's read API over HTTP against the built-in catalog, with only OpenAI configured (its base URL
 * the fake): the model filters, platforms, providers, one model, and {@code /v1/models} listing exactly the
 * catalog ids that can be served with the keys set.
 */
class RegistryApiIT {

    static FakeUpstream fake;
    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.start("""
                cache: { enabled: false }
                models:
                  - id: long-deprecated
                    provider: meta
                    context_window: 8000
                    max_output_tokens: 1000
                    pricing: { input_per_million: 1, output_per_million: 1 }
                    status: active
                    deprecation_date: 2020-01-01
                    sunset_date: 2099-01-01
                    tags: [in-house]
                    routes: [ { platform: openai, model_string: in-house-model } ]
                """, Map.of("OPENAI_API_KEY", "sk-test-secret", "OPENAI_BASE_URL", fake.baseUrl()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    static JsonNode get(String path) {
        HttpResponse<String> response = gateway.get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    static List<String> ids(JsonNode list) {
        return list.findValuesAsString("id");
    }

    @Test
    void modelsFilterByCapabilityTagAndStatusInForce() {
        JsonNode vision = get("/api/registry/models?capability=vision").path("models");
        assertThat(ids(vision)).contains("gpt-6-luna").doesNotContain("deepseek-v4-pro");
        vision.forEach(m -> assertThat(m.path("capabilities").valueStream().map(JsonNode::asString))
                .as(m.path("id").asString()).contains("vision"));

        JsonNode tagged = get("/api/registry/models?tag=in-house").path("models");
        assertThat(ids(tagged)).containsExactly("long-deprecated");

        JsonNode deprecated = get("/api/registry/models?status=deprecated").path("models");
        assertThat(ids(deprecated)).as("past its deprecation date, whatever its declared status")
                .contains("long-deprecated");
        deprecated.forEach(m -> assertThat(m.path("status").asString()).isEqualTo("deprecated"));
        assertThat(ids(get("/api/registry/models?status=active").path("models"))).doesNotContain("long-deprecated");

        HttpResponse<String> unknown = gateway.get("/api/registry/models?capability=telepathy");
        assertThat(unknown.statusCode()).isEqualTo(400);
    }

    @Test
    void platformsShowWhatIsConfiguredButNeverTheKey() {
        HttpResponse<String> response = gateway.get("/api/registry/platforms");
        assertThat(response.body()).doesNotContain("sk-test-secret");
        JsonNode platforms = Json.MAPPER.readTree(response.body()).path("platforms");
        for (JsonNode platform : platforms) {
            switch (platform.path("id").asString()) {
                case "openai" -> {
                    assertThat(platform.path("configured").asBoolean()).isTrue();
                    assertThat(platform.path("key_set").asBoolean()).isTrue();
                    assertThat(platform.path("base_url").asString()).isEqualTo(fake.baseUrl());
                }
                case "anthropic" -> assertThat(platform.path("configured").asBoolean()).isFalse();
                case "openrouter" -> assertThat(platform.path("forward").valueStream().map(JsonNode::asString))
                        .contains("models", "provider");
                default -> { }
            }
        }
        assertThat(ids(platforms)).contains("openai", "anthropic", "gemini", "groq", "together", "openrouter");
    }

    @Test
    void providersCountTheirModels() {
        JsonNode providers = get("/api/registry/providers").path("providers");
        assertThat(ids(providers)).contains("openai", "anthropic", "google", "meta", "mistral", "deepseek", "xai");
        for (JsonNode provider : providers) {
            assertThat(provider.path("models").asInt()).as(provider.path("id").asString()).isPositive();
        }
    }

    @Test
    void oneModelByIdOrA404() {
        JsonNode luna = get("/api/registry/models/gpt-6-luna");
        assertThat(luna.path("provider").asString()).isEqualTo("openai");
        assertThat(luna.at("/routes/0/configured").asBoolean()).isTrue();

        HttpResponse<String> missing = gateway.get("/api/registry/models/gpt-0");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(missing.body()).at("/error/code").asString()).isEqualTo("model_not_found");
    }

    @Test
    void v1ModelsListsTheCatalogIdsServableWithTheKeysSetAndEachOneReachesItsUpstream() {
        List<String> listed = ids(get("/v1/models").path("data"));
        assertThat(listed).contains("gpt-6-luna", "long-deprecated", "openai/*")
                .doesNotContain("claude-opus-5-5", "gemini-4-argon", "anthropic/*");

        List<String> catalogIds = new ArrayList<>(listed.stream().filter(id -> !id.endsWith("/*")).toList());
        for (String id : catalogIds) {
            fake.clear();
            HttpResponse<String> response = gateway.post("/v1/chat/completions",
                    "{\"model\":\"" + id + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            assertThat(fake.received()).as(id + " reached OpenAI (the fake) — " + response.body()).hasSize(1);
            assertThat(fake.received().getFirst().headers().get("authorization")).isEqualTo("Bearer sk-test-secret");
        }
    }
}
