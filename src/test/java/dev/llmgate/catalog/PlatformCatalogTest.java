package dev.llmgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.config.PlatformConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformCatalogTest {

    @Test
    void vendorsAreConfiguredByTheirOwnEnvironmentVariables() {
        PlatformCatalog catalog = PlatformCatalog.load(List.of(), Map.of(
                "GROQ_API_KEY", "gsk", "OPENAI_BASE_URL", "http://proxy/v1", "OPENAI_API_KEY", "sk"));

        assertThat(catalog.get("groq").configured()).isTrue();
        assertThat(catalog.get("groq").apiKey()).isEqualTo("gsk");
        assertThat(catalog.get("openai").baseUrl()).isEqualTo("http://proxy/v1");
        assertThat(catalog.get("mistral").configured()).isFalse();
        assertThat(catalog.get("mistral").howToConfigure()).contains("MISTRAL_API_KEY");
        assertThat(catalog.get("ollama").configured()).as("no key needed, default base URL").isTrue();
        assertThat(catalog.get("vllm").configured()).as("base URL required").isFalse();
        assertThat(catalog.get("vllm").howToConfigure()).contains("VLLM_BASE_URL");
    }

    @Test
    void theConfigFileChangesBuiltInsAndAddsCustomEndpoints() {
        PlatformConfig groq = new PlatformConfig("groq", null, null, null, "from-file", null,
                Map.of("x-team", "a"), null, List.of("seed"), null);
        PlatformConfig custom = new PlatformConfig("my-vllm", null, null, "http://10.0.0.5:8000/v1/", null, false,
                null, Map.of("max_tokens", "max_new_tokens"), null, null);
        PlatformCatalog catalog = PlatformCatalog.load(List.of(groq, custom), Map.of("GROQ_API_KEY", "from-env",
                "MY_VLLM_API_KEY", "env-key"));

        assertThat(catalog.get("groq").apiKey()).as("explicit config wins over env").isEqualTo("from-file");
        assertThat(catalog.get("groq").baseUrl()).isEqualTo("https://api.groq.com/openai/v1");
        assertThat(catalog.get("groq").headers()).containsEntry("x-team", "a");
        assertThat(catalog.get("groq").drop()).containsExactly("seed");
        Platform vllm = catalog.get("my-vllm");
        assertThat(vllm.dialect()).isEqualTo("openai");
        assertThat(vllm.apiKey()).as("env fills what the file leaves out").isEqualTo("env-key");
        assertThat(vllm.rename()).containsEntry("max_tokens", "max_new_tokens");
        assertThat(vllm.configured()).isTrue();
    }
}
