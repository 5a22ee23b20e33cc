package dev.llmgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code llmgate serve}'s options and environment: what port and config file it takes, and bad values refused. */
class MainTest {

    @TempDir
    Path dir;

    static int port(Map<String, String> env, String... args) {
        Main.Serve serve = new Main.Serve(env);
        new CommandLine(serve).parseArgs(args);
        return serve.effectiveConfig().server().port();
    }

    /** Runs {@code serve} as the command line would, for settings it refuses before starting anything. */
    static Result refused(Map<String, String> env, String... args) {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new Main.Serve(env));
        command.setErr(new PrintWriter(err));
        int code = command.execute(args);
        return new Result(code, err.toString());
    }

    record Result(int exitCode, String stderr) {}

    Path config(String yaml) throws IOException {
        Path file = dir.resolve("llmgate-" + System.nanoTime() + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void listensOn4000ByDefault() {
        assertThat(port(Map.of())).isEqualTo(4000);
    }

    @Test
    void thePortComesFromTheOptionOverTheEnvironmentOverTheConfigFile() throws IOException {
        Path file = config("server: { port: 4200 }\n");

        assertThat(port(Map.of("LLMGATE_PORT", "4100"))).isEqualTo(4100);
        assertThat(port(Map.of(), "--port", "5000")).isEqualTo(5000);
        assertThat(port(Map.of("LLMGATE_PORT", "4100"), "--port", "5000")).isEqualTo(5000);
        assertThat(port(Map.of("LLMGATE_CONFIG", file.toString()))).isEqualTo(4200);
        assertThat(port(Map.of("LLMGATE_CONFIG", file.toString(), "LLMGATE_PORT", " 4100 "))).isEqualTo(4100);
    }

    @Test
    void theConfigFileComesFromTheOptionOverLlmgateConfig() throws IOException {
        Path fromEnv = config("server: { port: 4200 }\n");
        Path fromOption = config("server: { port: 4300 }\n");

        assertThat(port(Map.of("LLMGATE_CONFIG", fromEnv.toString()), "--config", fromOption.toString()))
                .isEqualTo(4300);
        assertThat(new Main.Serve(Map.of("LLMGATE_CONFIG", "")).configFile()).as("empty means none").isNull();
    }

    @Test
    void aPortThatIsNotANumberIsAClearErrorWithExitCode2() {
        Result result = refused(Map.of("LLMGATE_PORT", "abc"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("LLMGATE_PORT must be a port number (0-65535), not 'abc'.");
    }

    @Test
    void aPortOutOfRangeIsRefusedWhereverItComesFrom() {
        assertThat(refused(Map.of("LLMGATE_PORT", "70000")).stderr())
                .contains("LLMGATE_PORT must be a port number (0-65535), not 70000.");
        Result option = refused(Map.of(), "--port", "-1");
        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.stderr()).contains("--port must be a port number (0-65535), not -1.");
        assertThat(refused(Map.of(), "--port", "abc").exitCode()).as("picocli's own check").isEqualTo(2);
    }

    @Test
    void aConfigFileThatCannotBeReadIsAClearErrorWithExitCode2() {
        Path missing = dir.resolve("missing.yaml");
        Result result = refused(Map.of("LLMGATE_CONFIG", missing.toString()));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("llmgate: ").contains(missing.toString());
    }
}
