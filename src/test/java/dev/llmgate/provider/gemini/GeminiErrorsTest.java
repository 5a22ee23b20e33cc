package dev.llmgate.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.provider.http.HttpReply;
import dev.llmgate.provider.http.Timing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Gemini's google.rpc errors: which of them say the prompt does not fit the model's window. */
class GeminiErrorsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            INVALID_ARGUMENT   | The input token count (1200293) exceeds the maximum number of tokens allowed (1048576). | context_length_exceeded
            INVALID_ARGUMENT   | Unable to submit request because the input token count is 1200293 but model only supports up to 1048576. Reduce the input token count and try again. | context_length_exceeded
            INVALID_ARGUMENT   | Penalty is not enabled for models/gemini-2.5-flash | 
            RESOURCE_EXHAUSTED | The input token count (1200293) exceeds the maximum number of tokens allowed (1048576). | 
            """)
    void aPromptOverTheWindowIsContextLengthExceeded(String status, String message, String code) {
        int http = status.equals("INVALID_ARGUMENT") ? 400 : 429;
        String body = Json.text(Json.object().set("error", Json.object().put("code", http).put("message", message)
                .put("status", status)));

        GatewayException error = GeminiErrors.fromReply(new HttpReply(http, name -> null, body.getBytes(),
                new Timing(0, 0, 0)));

        assertThat(error.code()).isEqualTo(code);
        assertThat(error.status()).isEqualTo(http);
        assertThat(((GatewayException.UpstreamError) error).type()).isEqualTo(status);
    }
}
