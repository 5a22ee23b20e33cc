package dev.llmgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.config.ConfigLoader.ConfigException;
import dev.llmgate.config.DatabaseConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    private static final Path DATA = Path.of("/var/lib/llmgate");

    @Test
    void noUrlIsTheSqliteFileInTheDataDirectory() {
        DatabaseUrl url = DatabaseUrl.of(DatabaseConfig.DEFAULT, DATA);

        assertThat(url.engine()).isEqualTo(Database.Engine.SQLITE);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:sqlite:/var/lib/llmgate/llmgate.db");
        assertThat(url.sqliteFile()).isEqualTo(DATA.resolve("llmgate.db"));
    }

    @Test
    void aServiceUrlMovesItsCredentialsOutOfTheAuthority() {
        DatabaseUrl url = DatabaseUrl.of(new DatabaseConfig("postgres://gate:p%40ss@db.internal:6543/llmgate?sslmode=require",
                null, null, null), DATA);

        assertThat(url.engine()).isEqualTo(Database.Engine.POSTGRESQL);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/llmgate?sslmode=require");
        assertThat(url.user()).isEqualTo("gate");
        assertThat(url.password()).isEqualTo("p@ss");
    }

    @Test
    void aJdbcUrlKeepsTheConfiguredCredentials() {
        DatabaseUrl url = DatabaseUrl.of(new DatabaseConfig("jdbc:postgresql://127.0.0.1/test", "root", "secret", 4),
                DATA);

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1/test");
        assertThat(url.user()).isEqualTo("root");
        assertThat(url.password()).isEqualTo("secret");
    }

    @Test
    void anUnknownUrlIsRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.of(new DatabaseConfig("mysql://me:hunter2@host/db", null, null, null), DATA))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mysql://me:***@host/db")
                .hasMessageNotContaining("hunter2");
    }
}
