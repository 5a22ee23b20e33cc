package dev.llmgate.catalog;

import dev.llmgate.config.ConfigLoader;
import dev.llmgate.config.PlatformConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/**
 * The platforms the gateway can call: the built-in list ({@code platforms.yaml} in the jar), changed and
 * extended by the config file, with keys and base URLs from the environment the way each vendor's own SDK
 * reads them ({@code GROQ_API_KEY}, {@code GROQ_BASE_URL}). Explicit config wins over the environment,
 * which wins over the built-in defaults.
 */
public final class PlatformCatalog {

    private final Map<String, Platform> platforms;

    private PlatformCatalog(Map<String, Platform> platforms) {
        this.platforms = platforms;
    }

    public static PlatformCatalog load(List<PlatformConfig> configured, Map<String, String> env) {
        Map<String, PlatformConfig> entries = new LinkedHashMap<>();
        for (PlatformConfig builtIn : builtIn()) {
            entries.put(builtIn.id(), withEnvironment(builtIn, env));
        }
        for (PlatformConfig entry : configured) {
            if (entry.id() == null || entry.id().isBlank()) {
                throw new ConfigLoader.ConfigException("Every platform in the config file needs an 'id'.");
            }
            PlatformConfig base = entries.computeIfAbsent(entry.id(), id -> withEnvironment(
                    new PlatformConfig(id, null, null, null, null, null, null, null, null, null), env));
            entries.put(entry.id(), base.overriddenBy(entry));
        }
        Map<String, Platform> platforms = new LinkedHashMap<>();
        entries.values().forEach(e -> platforms.put(e.id(), resolve(e)));
        return new PlatformCatalog(platforms);
    }

    public Platform get(String id) {
        return platforms.get(id);
    }

    public Collection<Platform> all() {
        return platforms.values();
    }

    /** The environment variable prefix of a platform: {@code my-vllm} → {@code MY_VLLM}. */
    public static String envPrefix(String id) {
        return id.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static PlatformConfig withEnvironment(PlatformConfig entry, Map<String, String> env) {
        String prefix = envPrefix(entry.id());
        String key = blankToNull(env.get(prefix + "_API_KEY"));
        String baseUrl = blankToNull(env.get(prefix + "_BASE_URL"));
        return entry.overriddenBy(new PlatformConfig(entry.id(), null, null, baseUrl, key, null, null, null, null, null));
    }

    private static Platform resolve(PlatformConfig entry) {
        String dialect = entry.dialect() == null ? "openai" : entry.dialect();
        return new Platform(entry.id(), entry.name() == null ? entry.id() : entry.name(), dialect,
                blankToNull(entry.baseUrl()), blankToNull(entry.apiKey()), !Boolean.FALSE.equals(entry.keyRequired()),
                entry.headers(), entry.rename(), entry.drop(), entry.forward());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static List<PlatformConfig> builtIn() {
        try (InputStream in = PlatformCatalog.class.getResourceAsStream("platforms.yaml")) {
            return new ArrayList<>(ConfigLoader.YAML.readValue(in, new TypeReference<List<PlatformConfig>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
