package dev.llmgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The response cache end to end, with the default in-process backend: what is served from the cache, what
 * reaches the upstream (the fake records it), and how a cached answer is replayed to either kind of client
 * in either protocol. Each test asks its own question, so tests do not hit each other's entries.
 */
class CachedChatIT {

    static FakeUpstream fake;
    static RunningGateway gateway;

    String question;

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.withFake(fake, """
                  - { id: anth, dialect: anthropic, base_url: "http://127.0.0.1:%d", api_key: anthropic-key }
                models:
                  - id: cached-model
                    provider: meta
                    context_window: 131072
                    max_output_tokens: 8192
                    capabilities: [tools, streaming, system_messages]
                    pricing: { input_per_million: 1.0, output_per_million: 2.0 }
                    routes:
                      - { platform: test, model_string: "replay:openai/chat-text-2026.json" }
                """.formatted(fake.port()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    @BeforeEach
    void fresh() {
        fake.clear();
        question = "Question " + UUID.randomUUID();
    }

    String chat(String model, String extra) {
        return """
                {"model":"%s","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"%s"}]%s}"""
                .formatted(model, question, extra);
    }

    static HttpResponse<String> post(String body, String... headers) {
        return gateway.post("/v1/chat/completions", body, headers);
    }

    static String cache(HttpResponse<String> response) {
        return response.headers().firstValue("x-llmgate-cache").orElse("(none)");
    }

    static List<JsonNode> chunks(String sse) {
        return sse.lines().filter(l -> l.startsWith("data: ") && !l.equals("data: [DONE]"))
                .map(l -> Json.MAPPER.readTree(l.substring(6))).toList();
    }

    static String streamedText(String sse) {
        StringBuilder text = new StringBuilder();
        chunks(sse).forEach(c -> text.append(c.at("/choices/0/delta/content").asString("")));
        return text.toString();
    }

    @Test
    void theSecondIdenticalRequestIsAHitThatNeverReachesTheUpstream() {
        String model = "test/replay:openai/chat-text.json";
        HttpResponse<String> first = post(chat(model, ""));
        HttpResponse<String> second = post(chat(model, ""));

        assertThat(cache(first)).isEqualTo("miss");
        assertThat(cache(second)).isEqualTo("hit");
        assertThat(second.headers().firstValue("x-llmgate-cache-key")).isEqualTo(
                first.headers().firstValue("x-llmgate-cache-key"));
        JsonNode hit = Json.MAPPER.readTree(second.body());
        assertThat(hit.at("/usage/cost").asDouble(-1)).as("a hit costs nothing").isZero();
        ((ObjectNode) hit.path("usage")).remove("cost");
        assertThat(hit).isEqualTo(Json.MAPPER.readTree(first.body()));
        assertThat(fake.count("replay:openai/chat-text.json")).isEqualTo(1);
    }

    @Test
    void keyOrderAndWhitespaceDoNotMatterButAParameterDoes() {
        String model = "test/replay:openai/chat-text.json";
        post(chat(model, ",\"temperature\":0.3,\"max_tokens\":50"));
        String reordered = """
                {
                  "max_tokens": 50, "temperature": 0.3,
                  "messages": [ {"content": "Be brief.", "role": "system"}, {"content": "%s", "role": "user"} ],
                  "model": "%s"
                }""".formatted(question, model);

        assertThat(cache(post(reordered))).isEqualTo("hit");
        assertThat(cache(post(chat(model, ",\"temperature\":0.4,\"max_tokens\":50")))).isEqualTo("miss");
        assertThat(cache(post(chat(model, ",\"temperature\":0.3,\"max_tokens\":50,\"user\":\"bob\",\"metadata\":{\"a\":\"b\"}"))))
                .isEqualTo("hit");
        assertThat(fake.count("replay:openai/chat-text.json")).isEqualTo(2);
    }

    @Test
    void aCatalogModelAndItsPlatformAddressShareEntries() {
        assertThat(cache(post(chat("cached-model", "")))).isEqualTo("miss");
        assertThat(cache(post(chat("test/replay:openai/chat-text-2026.json", "")))).isEqualTo("hit");
        assertThat(fake.count("replay:openai/chat-text-2026.json")).isEqualTo(1);
    }

    @Test
    void useCacheFalseNeitherLooksUpNorStores() {
        String model = "test/replay:openai/chat-text.json";
        assertThat(cache(post(chat(model, ",\"use_cache\":false")))).isEqualTo("skip");
        assertThat(cache(post(chat(model, ",\"use_cache\":false")))).isEqualTo("skip");
        assertThat(cache(post(chat(model, "")))).isEqualTo("miss");
        assertThat(fake.count("replay:openai/chat-text.json")).isEqualTo(3);
        assertThat(fake.received().getFirst().body().has("use_cache")).as("a gateway field").isFalse();
    }

    @Test
    void noCacheGoesUpstreamAndRefreshesTheEntry() {
        String model = "test/replay:openai/chat-text.json";
        post(chat(model, ""));

        HttpResponse<String> refreshed = post(chat(model, ""), "cache-control", "no-cache");

        assertThat(cache(refreshed)).isEqualTo("skip");
        assertThat(fake.count("replay:openai/chat-text.json")).isEqualTo(2);
        assertThat(cache(post(chat(model, "")))).isEqualTo("hit");
    }

    @Test
    void noStoreAnswersWithoutKeepingTheAnswer() {
        String model = "test/replay:openai/chat-text.json";
        assertThat(cache(post(chat(model, ""), "cache-control", "no-store"))).isEqualTo("miss");
        assertThat(cache(post(chat(model, "")))).isEqualTo("miss");
        assertThat(cache(post(chat(model, ""), "cache-control", "no-store"))).as("looked up all the same")
                .isEqualTo("hit");
    }

    @Test
    void aMalformedTtlHeaderIsRefusedBeforeAnyUpstreamCall() {
        HttpResponse<String> response = post(chat("test/replay:openai/chat-text.json", ""),
                "x-llmgate-cache-ttl", "tomorrow");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(response.body()).at("/error/param").asString()).isEqualTo("x-llmgate-cache-ttl");
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void errorsAreNeverStored() {
        HttpResponse<String> first = post(chat("test/status:400", ""));
        HttpResponse<String> second = post(chat("test/status:400", ""));

        assertThat(first.statusCode()).isEqualTo(400);
        assertThat(cache(second)).isEqualTo("miss");
        assertThat(fake.count("status:400")).isEqualTo(2);
    }

    @Test
    void aStreamCutShortIsNeverStored() {
        String model = "test/cut:openai/stream-text-include-usage.sse:4";
        HttpResponse<String> first = post(chat(model, ",\"stream\":true"));
        HttpResponse<String> second = post(chat(model, ",\"stream\":true"));

        assertThat(first.body()).doesNotContain("[DONE]");
        assertThat(cache(second)).isEqualTo("miss");
        assertThat(fake.count("cut:openai/stream-text-include-usage.sse:4")).isEqualTo(2);
    }

    @Test
    void severalChoicesAreNotCached() {
        String model = "test/replay:openai/chat-text.json";
        assertThat(cache(post(chat(model, ",\"n\":2")))).isEqualTo("skip");
        assertThat(cache(post(chat(model, ",\"n\":2")))).isEqualTo("skip");
        assertThat(fake.count("replay:openai/chat-text.json")).isEqualTo(2);
    }

    @Test
    void aWholeAnswerIsReplayedAsAStreamWithToolCallsUsageAndDone() {
        String model = "test/replay:openai/chat-tool-call.json";
        JsonNode whole = Json.MAPPER.readTree(post(chat(model, "")).body());

        HttpResponse<String> replay = post(chat(model, ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

        assertThat(cache(replay)).isEqualTo("hit");
        assertThat(replay.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(replay.body()).endsWith("data: [DONE]\n\n");
        List<JsonNode> chunks = chunks(replay.body());
        assertThat(chunks.getFirst().at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.path("id").asString()).isEqualTo(whole.path("id").asString());
            assertThat(c.path("object").asString()).isEqualTo("chat.completion.chunk");
        });
        JsonNode call = whole.at("/choices/0/message/tool_calls/0");
        JsonNode streamedCall = chunks.stream().filter(c -> c.at("/choices/0/delta/tool_calls").isArray())
                .findFirst().orElseThrow().at("/choices/0/delta/tool_calls/0");
        assertThat(streamedCall.path("id").asString()).isEqualTo(call.path("id").asString());
        assertThat(streamedCall.at("/function/name").asString()).isEqualTo(call.at("/function/name").asString());
        assertThat(streamedCall.at("/function/arguments").asString()).isEqualTo(call.at("/function/arguments").asString());
        assertThat(chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asString()).isEqualTo("tool_calls");
        ObjectNode replayedUsage = (ObjectNode) chunks.getLast().path("usage");
        assertThat(replayedUsage.remove("cost").asDouble(-1)).as("a hit costs nothing").isZero();
        assertThat(replayedUsage).isEqualTo(whole.path("usage"));
        assertThat(fake.count("replay:openai/chat-tool-call.json")).isEqualTo(1);
    }

    @Test
    void aStreamedAnswerServesALaterWholeRequest() {
        String model = "test/replay:openai/stream-text-include-usage.sse";
        HttpResponse<String> live = post(chat(model, ",\"stream\":true"));

        HttpResponse<String> whole = post(chat(model, ""));

        assertThat(cache(live)).isEqualTo("miss");
        assertThat(cache(whole)).isEqualTo("hit");
        JsonNode body = Json.MAPPER.readTree(whole.body());
        assertThat(body.at("/choices/0/message/content").asString()).isEqualTo(streamedText(live.body())).isNotBlank();
        assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(body.at("/usage/total_tokens").asInt()).isPositive();
        assertThat(body.path("id").asString()).isEqualTo(chunks(live.body()).getFirst().path("id").asString());
        assertThat(cache(post(chat(model, ",\"stream\":true")))).isEqualTo("hit");
        assertThat(fake.count("replay:openai/stream-text-include-usage.sse")).isEqualTo(1);
    }

    @Test
    void anAnthropicClientGetsTheFullEventSequenceFromACachedWholeAnswer() {
        String body = """
                {"model":"anth/replay:anthropic/messages-text.json","max_tokens":256,
                 "messages":[{"role":"user","content":"%s"}]%%s}""".formatted(question);
        HttpResponse<String> whole = gateway.post("/v1/messages", body.formatted(""));

        HttpResponse<String> replay = gateway.post("/v1/messages", body.formatted(",\"stream\":true"));

        assertThat(cache(whole)).isEqualTo("miss");
        assertThat(cache(replay)).isEqualTo("hit");
        List<String> events = replay.body().lines().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7))
                .toList();
        assertThat(events).containsExactly("message_start", "content_block_start", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");
        String text = replay.body().lines().filter(l -> l.startsWith("data: "))
                .map(l -> Json.MAPPER.readTree(l.substring(6)))
                .filter(e -> e.path("type").asString().equals("content_block_delta"))
                .map(e -> e.at("/delta/text").asString()).reduce("", String::concat);
        assertThat(text).isEqualTo(Json.MAPPER.readTree(whole.body()).at("/content/0/text").asString());
        assertThat(fake.count("replay:anthropic/messages-text.json")).isEqualTo(1);
    }

    @Test
    void anAnthropicStreamWithThinkingServesALaterWholeRequestWithTheSignature() {
        String body = """
                {"model":"anth/replay:anthropic/stream-thinking.sse","max_tokens":4096,
                 "thinking":{"type":"enabled","budget_tokens":1024},
                 "messages":[{"role":"user","content":"%s"}]%%s}""".formatted(question);
        HttpResponse<String> live = gateway.post("/v1/messages", body.formatted(",\"stream\":true"));

        HttpResponse<String> whole = gateway.post("/v1/messages", body.formatted(""));

        assertThat(cache(live)).isEqualTo("miss");
        assertThat(cache(whole)).isEqualTo("hit");
        JsonNode content = Json.MAPPER.readTree(whole.body()).path("content");
        assertThat(content.get(0).path("type").asString()).isEqualTo("thinking");
        String signature = live.body().lines().filter(l -> l.contains("signature_delta")).findFirst()
                .map(l -> Json.MAPPER.readTree(l.substring(6)).at("/delta/signature").asString()).orElseThrow();
        assertThat(content.get(0).path("signature").asString()).isEqualTo(signature);
        assertThat(fake.count("replay:anthropic/stream-thinking.sse")).isEqualTo(1);
    }
}
