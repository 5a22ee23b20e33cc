package dev.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A model whose only route keeps failing stops reaching it: while the route cools down, requests are answered
 * at once with a 503 that says when to come back; after the cooldown one request probes the route, and its
 * success opens it again.
 */
class CooldownIT {

    static FakeUpstream fake;
    static RunningGateway gateway;

    static final String ROUTE = "switch:lonely:openai/chat-text.json";

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.start("""
                upstream: { connect_timeout: 2, first_byte_timeout: 3, idle_timeout: 2, total_timeout: 20 }
                cache: { enabled: false }
                platforms:
                  - { id: alpha, dialect: openai, base_url: "%s", api_key: a }
                router:
                  retries: 0
                  cooldown: { failures: 2, seconds: 1 }
                models:
                  - id: single-route
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    pricing: { input_per_million: 0.1, output_per_million: 0.1 }
                    routes:
                      - { platform: alpha, model_string: "%s" }
                """.formatted(fake.baseUrl(), ROUTE), Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    static HttpResponse<String> chat() {
        return gateway.post("/v1/chat/completions",
                "{\"model\":\"single-route\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    }

    @Test
    void aCoolingRouteIsSkippedWithAFast503ThenProbedOnceAndReopened() throws InterruptedException {
        fake.failing("lonely", true);
        assertThat(chat().statusCode()).isEqualTo(503);
        assertThat(chat().statusCode()).isEqualTo(503);
        assertThat(fake.count(ROUTE)).as("two failures in a row cool it down").isEqualTo(2);

        HttpResponse<String> cooling = chat();
        assertThat(cooling.statusCode()).isEqualTo(503);
        JsonNode error = Json.MAPPER.readTree(cooling.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("all_routes_cooling_down");
        assertThat(error.path("message").asString()).contains("cooling down");
        assertThat(cooling.headers().firstValue("retry-after")).hasValue("1");
        assertThat(cooling.headers().firstValue("x-llmgate-attempts")).hasValue("0");
        assertThat(fake.count(ROUTE)).as("no upstream was called").isEqualTo(2);

        Thread.sleep(1100);
        fake.failing("lonely", false);
        HttpResponse<String> probe = chat();
        assertThat(probe.statusCode()).as("one request probes it after the cooldown").isEqualTo(200);
        assertThat(fake.count(ROUTE)).isEqualTo(3);
        assertThat(chat().statusCode()).as("open again").isEqualTo(200);
    }
}
