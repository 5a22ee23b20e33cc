package dev.llmgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExchangeTest {

    @Test
    void formatsMicrosecondsAsMillisecondsWithThreeDecimals() {
        assertThat(Exchange.millis(0)).isEqualTo("0.000");
        assertThat(Exchange.millis(84)).isEqualTo("0.084");
        assertThat(Exchange.millis(5)).isEqualTo("0.005");
        assertThat(Exchange.millis(1230)).isEqualTo("1.230");
        assertThat(Exchange.millis(120_235_303)).isEqualTo("120235.303");
    }

    @Test
    void newIdsSortByTime() throws InterruptedException {
        String first = Exchange.newId();
        Thread.sleep(2);
        String second = Exchange.newId();
        assertThat(first).matches("req_[0-9a-f]{24}");
        assertThat(second.substring(0, 16)).isGreaterThan(first.substring(0, 16));
    }
}
