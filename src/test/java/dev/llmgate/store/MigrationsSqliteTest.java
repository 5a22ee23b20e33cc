package dev.llmgate.store;

import dev.llmgate.config.DatabaseConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@link MigrationsContract} on SQLite: a new file in a new temporary data directory. */
class MigrationsSqliteTest extends MigrationsContract {

    @Override
    Empty empty() throws Exception {
        Path dir = Files.createTempDirectory("llmgate-migrations");
        return new Empty(DatabaseConfig.DEFAULT, dir, "jdbc:sqlite:" + dir.resolve("llmgate.db"), null, () -> {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        });
    }

    @Override
    String autoId() {
        return "INTEGER PRIMARY KEY";
    }
}
