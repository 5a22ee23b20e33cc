package dev.llmgate.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.provider.http.HttpReply;
import dev.llmgate.provider.http.SseEvent;
import dev.llmgate.provider.http.SseParser;
import dev.llmgate.provider.http.Timing;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Anthropic error bodies to gateway exceptions, and every gateway exception to Anthropic's envelope. */
class AnthropicErrorsTest {

    static Stream<Arguments> exceptions() {
        GatewayException.UpstreamError.Details none = GatewayException.UpstreamError.Details.NONE;
        return Stream.of(
                Arguments.of(GatewayException.BadRequest.of("bad", "model"), "invalid_request_error"),
                Arguments.of(new GatewayException.Unauthorized("no key", null), "authentication_error"),
                Arguments.of(new GatewayException.Forbidden("no", null), "permission_error"),
                Arguments.of(new GatewayException.NotFound("no model", null, "model"), "not_found_error"),
                Arguments.of(new GatewayException.PayloadTooLarge(1024), "request_too_large"),
                Arguments.of(new GatewayException.UpstreamError(529, "Overloaded",
                        new GatewayException.UpstreamError.Details("overloaded_error", null, null, null)), "overloaded_error"),
                Arguments.of(new GatewayException.UpstreamError(429, "slow down",
                        new GatewayException.UpstreamError.Details("rate_limit_exceeded", null, null, null)), "rate_limit_error"),
                Arguments.of(new GatewayException.UpstreamError(422, "unprocessable", none), "invalid_request_error"),
                Arguments.of(new GatewayException.UpstreamError(503, "unavailable", none), "api_error"),
                Arguments.of(new GatewayException.UpstreamError(400, "bad",
                        new GatewayException.UpstreamError.Details("invalid_request_error", null, null, null)), "invalid_request_error"),
                Arguments.of(new GatewayException.UpstreamUnreachable("gone", "stream_interrupted"), "api_error"),
                Arguments.of(new GatewayException.UpstreamTimeout("slow"), "api_error"));
    }

    @ParameterizedTest
    @MethodSource("exceptions")
    void everyExceptionGetsTheErrorTypeAnthropicClientsMap(GatewayException error, String type) {
        JsonNode envelope = AnthropicErrors.envelope(error);

        assertThat(envelope).isEqualTo(Json.object().put("type", "error").set("error",
                Json.object().put("type", type).put("message", error.getMessage())));
    }

    @Test
    void aRateLimitKeepsHowLongToWait() {
        GatewayException error = AnthropicErrors.fromReply(reply(429, Map.of("retry-after", "12"), """
                {"type":"error","error":{"type":"rate_limit_error","message":"Number of requests exceeded"}}"""));

        assertThat(error.retryable()).isTrue();
        assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(12));
        assertThat(error.getMessage()).isEqualTo("Number of requests exceeded");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            invalid_request_error | prompt is too long: 208656 tokens > 200000 maximum | context_length_exceeded
            invalid_request_error | input length and `max_tokens` exceed context limit: 188240 + 21333 > 200000, decrease input length or `max_tokens` and try again | context_length_exceeded
            invalid_request_error | max_tokens: 300000 > 64000, which is the maximum allowed number of output tokens | 
            rate_limit_error      | prompt is too long for this rate limit | 
            """)
    void aPromptOverTheWindowIsContextLengthExceeded(String type, String message, String code) {
        GatewayException error = AnthropicErrors.fromReply(reply(400, Map.of(), """
                {"type":"error","error":{"type":"%s","message":"%s"}}""".formatted(type, message)));

        assertThat(error.code()).isEqualTo(code);
        assertThat(error.getMessage()).isEqualTo(message);
        assertThat(AnthropicErrors.envelope(error).at("/error/type").asString()).isEqualTo(type);
    }

    @Test
    void aBodyThatIsNotAnEnvelopeKeepsTheStatusAndTheText() {
        GatewayException error = AnthropicErrors.fromReply(reply(413, Map.of(),
                "<html><body>413 Request Entity Too Large</body></html>"));

        assertThat(error.status()).isEqualTo(413);
        assertThat(error.retryable()).isFalse();
        assertThat(error.getMessage()).contains("413 Request Entity Too Large");
        assertThat(AnthropicErrors.envelope(error).get("error").get("type").stringValue()).isEqualTo("request_too_large");
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            overloaded_error,      529, true
            api_error,             500, true
            rate_limit_error,      429, true
            invalid_request_error, 400, false
            authentication_error,  401, false
            something_new,         502, true
            """)
    void anErrorEventInAStreamGetsTheStatusOfItsType(String type, int status, boolean retryable) {
        GatewayException error = AnthropicErrors.inStream(Json.parseUpstream("""
                {"type":"error","error":{"type":"%s","message":"m"}}""".formatted(type)));

        assertThat(error.status()).isEqualTo(status);
        assertThat(error.retryable()).isEqualTo(retryable);
        assertThat(((GatewayException.UpstreamError) error).type()).isEqualTo(type);
    }

    @Test
    void aStreamErrorIsOneErrorEventInTheEnvelope() {
        List<SseEvent> events = new SseParser().feed(AnthropicEvents.error(
                new GatewayException.UpstreamUnreachable("The upstream stream ended early.", "stream_interrupted")))
                .events();

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.event()).isEqualTo("error");
            assertThat(Json.parseUpstream(event.data())).isEqualTo(Json.parseUpstream("""
                    {"type":"error","error":{"type":"api_error","message":"The upstream stream ended early."}}"""));
        });
    }

    private static HttpReply reply(int status, Map<String, String> headers, String body) {
        return new HttpReply(status, name -> headers.get(name.toLowerCase()), body.getBytes(), new Timing(0, 0, 0));
    }
}
