package dev.llmgate.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.catalog.Capability;
import dev.llmgate.catalog.Lifecycle;
import dev.llmgate.catalog.Limits;
import dev.llmgate.catalog.Model;
import dev.llmgate.catalog.Pricing;
import dev.llmgate.catalog.Route;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.GatewayOptions;
import dev.llmgate.chat.Message;
import dev.llmgate.chat.Part;
import dev.llmgate.chat.Sampling;
import dev.llmgate.chat.Streaming;
import dev.llmgate.chat.TokenCounter;
import dev.llmgate.chat.Tooling;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** max_tokens against a model whose output limit is its whole window (xAI, Mistral): clamp to what is left. */
class ModelSpecCheckTest {

    /** A 2,000-token window that the answer may fill alone. */
    private static final Model WHOLE_WINDOW = new Model("whole-window", "xai", "f", new Limits(2000, 2000),
            Set.of(Capability.STREAMING), new Pricing(BigDecimal.ONE, BigDecimal.ONE, null, null, null, "USD"),
            new Lifecycle(Lifecycle.Status.ACTIVE, null, null, null, null), List.of(), null, List.of(),
            List.of(new Route("xai", "whole-window", 1, 1, true)), true);

    private static final RouterSettings.Checks CLAMP = new RouterSettings.Checks(true, true, true);
    private static final RouterSettings.Checks REJECT = new RouterSettings.Checks(true, false, true);

    static ChatRequest request(int words, Integer maxTokens) {
        return new ChatRequest("whole-window",
                List.of(new Message.User(List.of(Part.Text.of("word ".repeat(words))), Extras.NONE)), Tooling.NONE,
                Sampling.NONE.withMaxTokens(maxTokens), null, null, Streaming.OFF, null, GatewayOptions.NONE,
                Extras.NONE);
    }

    static ChatRequest prepare(RouterSettings.Checks checks, ChatRequest request) {
        return new ModelSpecCheck(checks).prepare(WHOLE_WINDOW, request, () -> TokenCounter.prompt(request));
    }

    @Test
    void clampModeLeavesTheAnswerWhatTheWindowHasLeft() {
        ChatRequest request = request(600, 2000);
        long prompt = TokenCounter.prompt(request);
        assertThat(prompt).isBetween(500L, 1500L);

        ChatRequest prepared = prepare(CLAMP, request);
        assertThat(prepared.sampling().maxTokens()).isEqualTo((int) (2000 - prompt));
    }

    @Test
    void aRequestThatFitsIsLeftAlone() {
        assertThat(prepare(CLAMP, request(10, 500)).sampling().maxTokens()).isEqualTo(500);
        assertThat(prepare(CLAMP, request(10, null)).sampling().maxTokens()).isNull();
    }

    @Test
    void onlyAPromptThatFillsTheWindowAloneIsRefusedInClampMode() {
        assertThatThrownBy(() -> prepare(CLAMP, request(2500, 100)))
                .isInstanceOfSatisfying(GatewayException.BadRequest.class,
                        e -> assertThat(e.code()).isEqualTo("context_length_exceeded"));
    }

    @Test
    void rejectModeRefusesAPromptAndAnswerThatDoNotFitTogether() {
        assertThatThrownBy(() -> prepare(REJECT, request(600, 2000)))
                .isInstanceOfSatisfying(GatewayException.BadRequest.class, e -> {
                    assertThat(e.code()).isEqualTo("context_length_exceeded");
                    assertThat(e.getMessage()).contains("plus 2000 for the answer");
                });
    }
}
