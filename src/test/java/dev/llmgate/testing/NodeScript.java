package dev.llmgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Runs one of the Node.js scripts in {@code src/test/node} (which use the official SDKs, installed by the
 * build with {@code npm ci}) and returns the JSON object it prints.
 */
public final class NodeScript {

    private static final Path DIR = Path.of(System.getProperty("llmgate.node.dir", "src/test/node"));

    private NodeScript() {
    }

    public static JsonNode run(String script, Map<String, String> env, String... args) {
        assertThat(DIR.resolve("node_modules")).as("SDKs installed by `npm ci` in %s", DIR).isDirectory();
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(false);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            boolean done = process.waitFor(120, TimeUnit.SECONDS);
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!done) {
                process.destroyForcibly();
            }
            assertThat(done).as("node %s finished; stderr: %s", script, err).isTrue();
            assertThat(process.exitValue()).as("node %s exit code; stderr: %s", script, err).isZero();
            String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
            return Json.MAPPER.readTree(last);
        } catch (IOException e) {
            throw new AssertionError("could not run node (is Node.js installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
