package dev.llmgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/find-jdk.sh}, which the launcher and CI use to pick a JDK 21+, run against fake JDKs (a
 * {@code bin/java} that reports a version, and a {@code bin/javac}), so the machine's own JDKs do not matter.
 */
class FindJdkScriptTest {

    static final Path SCRIPT = Path.of("scripts/find-jdk.sh").toAbsolutePath();

    @TempDir
    Path dir;

    record Run(int exitCode, String stdout, String stderr) {}

    /** A fake JDK home reporting {@code version} as its java.specification.version. */
    Path jdk(Path parent, String name, String version) throws IOException {
        Path bin = Files.createDirectories(parent.resolve(name).resolve("bin"));
        script(bin.resolve("java"), "echo '    java.specification.version = " + version + "' >&2");
        script(bin.resolve("javac"), "exit 0");
        return parent.resolve(name);
    }

    static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs the script with only {@code env} (and a PATH whose first java is {@code pathJdk}'s). */
    Run run(Map<String, String> env, Path pathJdk) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString());
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put("PATH", pathJdk.resolve("bin") + ":/usr/bin:/bin");
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aJavaHomeTooOldIsPassedOverForTheNewestJdkInTheFolder() throws Exception {
        Path old = jdk(dir, "jdk-17", "17");
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        jdk(jvms, "java-21-openjdk", "21");
        Path newest = jdk(jvms, "java-25-openjdk", "25");
        jdk(jvms, "java-1.8.0-openjdk", "1.8");

        Run run = run(Map.of("JAVA_HOME", old.toString(), "LLMGATE_JVM_DIR", jvms.toString()), old);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout().strip()).isEqualTo(newest.toString());
    }

    @Test
    void aJavaHomeThatQualifiesIsKept() throws Exception {
        Path home = jdk(dir, "jdk-21", "21");
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        jdk(jvms, "temurin-25-jdk", "25");

        Run run = run(Map.of("JAVA_HOME", home.toString(), "LLMGATE_JVM_DIR", jvms.toString()), home);

        assertThat(run.stdout().strip()).isEqualTo(home.toString());
    }

    @Test
    void withoutAnyJdk21ItSaysWhatToInstallAndFails() throws Exception {
        Path old = jdk(dir, "jdk-17", "17");
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        jdk(jvms, "java-11-openjdk", "11");

        Run run = run(Map.of("JAVA_HOME", old.toString(), "LLMGATE_JVM_DIR", jvms.toString()), old);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("llmgate needs a JDK 21 or newer").contains("JAVA_HOME");
    }
}
