package dev.llmgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The recorded provider exchanges under {@code src/test/resources/fixtures}. */
public final class Fixtures {

    public static final Path ROOT = Path.of("src/test/resources/fixtures");

    private Fixtures() {
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(ROOT.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String relative) {
        return new String(bytes(relative), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Fixture paths (relative to the root, e.g. {@code openai/chat-text.json}) in {@code folders} matching {@code glob}. */
    public static List<String> list(List<String> folders, String glob) {
        var matcher = ROOT.getFileSystem().getPathMatcher("glob:" + glob);
        return folders.stream().flatMap(folder -> {
            try (Stream<Path> files = Files.list(ROOT.resolve(folder))) {
                return files.filter(p -> matcher.matches(p.getFileName())).map(p -> folder + "/" + p.getFileName())
                        .sorted().toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /** A {@code *.chunks.jsonl} recording (one data payload per line) as the SSE bytes an OpenAI-style upstream sends. */
    public static byte[] chunksAsSse(String relative, boolean doneSentinel) {
        StringBuilder sse = new StringBuilder();
        for (String line : text(relative).split("\n")) {
            if (!line.isBlank()) {
                sse.append("data: ").append(line).append("\n\n");
            }
        }
        if (doneSentinel) {
            sse.append("data: [DONE]\n\n");
        }
        return sse.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * A {@code *.chunks.jsonl} recording as the SSE bytes of an upstream that names its events after the
     * payload's {@code type} (Anthropic): {@code event: <type>\ndata: <line>\n\n} per line.
     */
    public static byte[] chunksAsNamedEvents(String relative) {
        StringBuilder sse = new StringBuilder();
        for (String line : text(relative).split("\n")) {
            if (!line.isBlank()) {
                String type = dev.llmgate.chat.Json.parseUpstream(line).path("type").asString("");
                sse.append("event: ").append(type).append('\n').append("data: ").append(line).append("\n\n");
            }
        }
        return sse.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
