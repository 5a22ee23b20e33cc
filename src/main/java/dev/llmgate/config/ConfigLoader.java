package dev.llmgate.config;

import java.time.Duration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the YAML configuration. {@code ${NAME}} (or {@code ${NAME:-default}}) anywhere in the file is
 * replaced by the environment variable's value (empty when unset and without default) before parsing.
 */
public final class ConfigLoader {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    /** Snake-case YAML to records; unknown keys are errors, so a typo does not pass silently. */
    public static final YAMLMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    public GatewayConfig load(Path file) {
        if (file == null) {
            return GatewayConfig.DEFAULT;
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("Cannot read the config file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public GatewayConfig parse(String yaml, String source) {
        try {
            GatewayConfig config = YAML.readValue(interpolate(yaml), GatewayConfig.class);
            return config == null ? GatewayConfig.DEFAULT : config;
        } catch (JacksonException e) {
            throw new ConfigException("Invalid configuration in " + source + ": " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
    }

    String interpolate(String text) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = env.get(matcher.group(1));
            if (value == null || value.isEmpty()) {
                value = matcher.group(2) != null ? matcher.group(2) : "";
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** A number of seconds in the config file as a duration, to the millisecond (negative: none). */
    public static Duration seconds(double value) {
        return Duration.ofMillis(Math.max(0, Math.round(value * 1000)));
    }

    /** The configuration cannot be used; the message says what to fix. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
