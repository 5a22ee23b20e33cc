package dev.llmgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The recorded fixtures are the bytes their providers sent: every file is listed in {@code SHA256SUMS} (copied
 * with the shared set) with the checksum it has there, and no file is there that the list does not name, so
 * neither an edit nor a hand-made fixture goes unnoticed.
 */
class FixtureIntegrityTest {

    /** The folder's own documents, not fixtures. */
    static final Set<String> NOT_FIXTURES = Set.of("SHA256SUMS", "README.md", "PROVENANCE.md");

    @Test
    void everyFixtureIsListedWithItsChecksumAndNothingElseIsThere() throws IOException {
        Map<String, String> listed = new TreeMap<>();
        for (String line : Files.readAllLines(Fixtures.ROOT.resolve("SHA256SUMS"))) {
            if (!line.isBlank()) {
                String[] fields = line.strip().split("\\s+\\*?", 2);
                listed.put(Path.of(fields[1]).normalize().toString(), fields[0]);
            }
        }
        Map<String, String> present;
        try (Stream<Path> files = Files.walk(Fixtures.ROOT)) {
            present = files.filter(Files::isRegularFile)
                    .filter(file -> !(file.getParent().equals(Fixtures.ROOT)
                            && NOT_FIXTURES.contains(file.getFileName().toString())))
                    .collect(Collectors.toMap(file -> Fixtures.ROOT.relativize(file).toString(),
                            FixtureIntegrityTest::sha256, (a, b) -> a, TreeMap::new));
        }

        assertThat(present.keySet()).as("fixtures not listed in SHA256SUMS")
                .isSubsetOf(listed.keySet());
        assertThat(listed.keySet()).as("files listed in SHA256SUMS but missing").isSubsetOf(present.keySet());
        assertThat(present).as("fixture checksums").containsExactlyInAnyOrderEntriesOf(listed);
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
