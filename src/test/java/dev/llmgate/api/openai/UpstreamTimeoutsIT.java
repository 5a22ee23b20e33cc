package dev.llmgate.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The upstream timeouts as a client meets them: no first byte, a whole answer that stops halfway, a stream
 * that keeps trickling past the total limit. No retries, so each case is one upstream exchange.
 */
class UpstreamTimeoutsIT {

    static FakeUpstream fake;
    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.start("""
                upstream: { connect_timeout: 2, first_byte_timeout: 1, idle_timeout: 1, total_timeout: 2.5 }
                router: { retries: 0 }
                platforms:
                  - { id: test, dialect: openai, base_url: "%s", api_key: k }
                """.formatted(fake.baseUrl()), Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    @BeforeEach
    void clear() {
        fake.clear();
    }

    static HttpResponse<String> ask(String model, String extra) {
        return gateway.chat("test/" + model, extra);
    }

    @Test
    void anUpstreamThatDoesNotAnswerGets504AfterTheFirstByteTimeout() {
        long start = System.nanoTime();
        HttpResponse<String> response = ask("hang", "");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(RunningGateway.errorOf(response).path("code").asString()).isEqualTo("upstream_timeout");
        assertThat(RunningGateway.errorOf(response).path("message").asString()).isEqualTo("The upstream did not answer within 1 s.");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("it waited for the upstream")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(fake.count("hang")).as("retries: 0 — one attempt").isEqualTo(1);
    }

    @Test
    void aWholeAnswerThatStopsAfterItsHeadersGets504NotABrokenConnection() {
        HttpResponse<String> response = ask("stall:openai/chat-text.json", "");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
        assertThat(RunningGateway.errorOf(response).path("code").asString()).isEqualTo("upstream_timeout");
        assertThat(RunningGateway.errorOf(response).path("message").asString()).isEqualTo("The upstream sent nothing for 1 s.");
        assertThat(fake.count("stall:openai/chat-text.json")).isEqualTo(1);
    }

    @Test
    void aStreamThatKeepsTricklingIsEndedByTheTotalTimeoutWithAnErrorEvent() {
        // 34 events 300 ms apart: never idle for 1 s, but 10 s in all, past the 2.5 s total
        String model = "slow:openai/stream-text-include-usage.sse:300";
        HttpResponse<String> response = ask(model, ",\"stream\":true");

        assertThat(response.statusCode()).isEqualTo(200);
        String body = response.body();
        assertThat(body).as("some of the answer arrived").contains("\"delta\"");
        assertThat(body).doesNotContain("[DONE]");
        String last = body.strip().substring(body.strip().lastIndexOf("data: ") + 6);
        JsonNode event = Json.MAPPER.readTree(last);
        assertThat(event.at("/error/code").asString()).isEqualTo("upstream_timeout");
        assertThat(event.at("/error/message").asString())
                .isEqualTo("The upstream did not finish its answer within 2500 ms.");
    }
}
