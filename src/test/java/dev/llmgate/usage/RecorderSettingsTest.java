package dev.llmgate.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.config.ConfigLoader;
import dev.llmgate.config.GatewayConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shutdown budget and the recorder's bounds, as the config file sets them. */
class RecorderSettingsTest {

    @Test
    void theConfigFileSetsTheShutdownBudgetAndTheBounds() {
        GatewayConfig config = new ConfigLoader(Map.of()).parse("""
                server: { shutdown_grace: 5 }
                usage: { queue_capacity: 100, max_waiting: 7, drain_timeout: 2.5 }
                """, "test");

        RecorderSettings settings = RecorderSettings.from(config.usage());

        assertThat(config.server().shutdownGrace()).isEqualTo(5.0);
        assertThat(settings.queueCapacity()).isEqualTo(100);
        assertThat(settings.maxWaiting()).isEqualTo(7);
        assertThat(settings.drainTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThatThrownBy(() -> RecorderSettings.from(new ConfigLoader(Map.of())
                .parse("usage: { max_waiting: 0 }", "test").usage())).hasMessageContaining("max_waiting");
    }

    @Test
    void byDefaultAStopFitsTheUsualThirtySecondsBeforeSigkill() {
        GatewayConfig defaults = GatewayConfig.DEFAULT;
        Duration grace = ConfigLoader.seconds(defaults.server().shutdownGrace());
        Duration drain = RecorderSettings.from(defaults.usage()).drainTimeout();

        // the listeners' grace, then the drain, then under three seconds more (half a second for the last write
        // to return, two for the retention thread to stop): what Gateway.close() takes at most
        assertThat(grace.plus(drain).plusSeconds(3)).isLessThan(Duration.ofSeconds(30));
    }
}
