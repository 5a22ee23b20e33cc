package dev.llmgate.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of DESIGN.md §2, checked on the sources: dependencies point inward (toward
 * {@code chat}), and only the provider package and the inbound protocol that shares a dialect's wire format
 * name a concrete dialect.
 */
class PackageRulesTest {

    private static final Path MAIN = Path.of("src/main/java/dev/llmgate");
    private static final Pattern IMPORT = Pattern.compile("dev\\.llmgate\\.([a-z]+)(?:\\.([a-z]+))?\\.[A-Z]");
    private static final Set<String> DIALECTS = Set.of("openai", "anthropic", "gemini");

    /** What each top-level package may use besides itself (DESIGN.md §2; config is a leaf anyone may read). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("chat", Set.of()),
            Map.entry("config", Set.of()),
            Map.entry("store", Set.of("config")),
            Map.entry("observe", Set.of("config")),
            Map.entry("catalog", Set.of("chat", "config")),
            Map.entry("provider", Set.of("chat", "config")),
            Map.entry("routing", Set.of("chat", "provider", "catalog", "config", "observe")),
            Map.entry("cache", Set.of("chat", "store", "config", "observe")),
            Map.entry("usage", Set.of("chat", "catalog", "store", "config", "observe")),
            Map.entry("access", Set.of("chat", "store", "config", "observe")),
            Map.entry("jobs", Set.of("chat", "routing", "store", "config", "observe")),
            Map.entry("transform", Set.of("chat", "routing", "config")),
            Map.entry("api", Set.of("*")),
            Map.entry("cli", Set.of("*")));

    @Test
    void dependenciesPointInward() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            String own = packageOf(file);
            Set<String> allowed = ALLOWED.get(own);
            assertThat(allowed).as("package %s of %s is in the rules table", own, file).isNotNull();
            for (String[] used : references(file)) {
                if (!used[0].equals(own) && !allowed.contains("*") && !allowed.contains(used[0])) {
                    violations.add(file + " uses " + String.join(".", used));
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void onlyProvidersAndTheirOwnInboundProtocolNameAConcreteDialect() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            String own = packageOf(file);
            String relative = MAIN.relativize(file).toString();
            for (String[] used : references(file)) {
                boolean concrete = used[0].equals("provider") && used[1] != null && DIALECTS.contains(used[1]);
                boolean sameProtocol = relative.startsWith("api/" + used[1] + "/");
                boolean registry = relative.equals("provider/ProviderRegistry.java");
                boolean inside = own.equals("provider") && relative.startsWith("provider/" + used[1] + "/");
                if (concrete && !sameProtocol && !registry && !inside) {
                    violations.add(relative + " names provider." + used[1]);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    private static String packageOf(Path file) {
        return MAIN.relativize(file).getName(0).toString();
    }

    /** Every {@code dev.llmgate.x[.y].Type} the file mentions, as {x, y-or-null}. */
    private static List<String[]> references(Path file) throws IOException {
        List<String[]> found = new ArrayList<>();
        Matcher matcher = IMPORT.matcher(Files.readString(file));
        while (matcher.find()) {
            found.add(new String[] {matcher.group(1), matcher.group(2)});
        }
        return found;
    }
}
