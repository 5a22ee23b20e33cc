package dev.llmgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/**
 * Compares a test's output with the golden file kept in the repo. Run with {@code -Dgolden.update=true}
 * to rewrite the goldens instead (then review the diff before committing).
 */
public final class Golden {

    public static final Path ROOT = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private Golden() {
    }

    /**
     * The tree as it reads back from its text, so that numbers compare by value (an int and a long node of the
     * same value are not equal as trees).
     */
    public static JsonNode reparsed(JsonNode tree) {
        return Json.MAPPER.readTree(Json.text(tree));
    }

    public static void check(String relative, JsonNode actual) {
        Path file = ROOT.resolve(relative);
        String rendered = Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(actual) + "\n";
        try {
            if (UPDATE || !Files.exists(file)) {
                if (!UPDATE) {
                    throw new AssertionError("No golden file " + file + "; run with -Dgolden.update=true to create it.");
                }
                Files.createDirectories(file.getParent());
                Files.writeString(file, rendered);
                return;
            }
            JsonNode expected = Json.MAPPER.readTree(Files.readString(file));
            assertThat(reparsed(actual)).as("output compared with golden %s", file).isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
