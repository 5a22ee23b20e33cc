package dev.llmgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    void interpolatesEnvironmentVariablesWithDefaults() {
        ConfigLoader loader = new ConfigLoader(Map.of("KEY", "secret", "EMPTY", ""));

        assertThat(loader.interpolate("a ${KEY} b ${MISSING} c ${MISSING:-fallback} d ${EMPTY:-x}"))
                .isEqualTo("a secret b  c fallback d x");
    }

    @Test
    void readsSnakeCaseYamlIntoRecordsWithDefaults() {
        GatewayConfig config = new ConfigLoader(Map.of("VLLM_KEY", "k1")).parse("""
                server: { port: 8081 }
                upstream: { idle_timeout: 5.5 }
                platforms:
                  - id: my-vllm
                    base_url: http://10.0.0.5:8000/v1
                    api_key: ${VLLM_KEY}
                    rename: { max_tokens: max_new_tokens }
                    drop: [seed]
                """, "test");

        assertThat(config.server().port()).isEqualTo(8081);
        assertThat(config.server().maxBodyBytes()).isEqualTo(25L * 1024 * 1024);
        assertThat(config.upstream().idleTimeout()).isEqualTo(5.5);
        assertThat(config.upstream().connectTimeout()).isEqualTo(10.0);
        PlatformConfig platform = config.platforms().getFirst();
        assertThat(platform.apiKey()).isEqualTo("k1");
        assertThat(platform.rename()).containsEntry("max_tokens", "max_new_tokens");
        assertThat(platform.drop()).containsExactly("seed");
    }

    @Test
    void aTypoIsAnErrorThatNamesIt() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse("servr: { port: 1 }", "llmgate.yaml"))
                .isInstanceOf(ConfigLoader.ConfigException.class)
                .hasMessageContaining("llmgate.yaml").hasMessageContaining("servr");
    }
}
