package dev.llmgate.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.llmgate.config.DatabaseConfig;
import org.flywaydb.core.Flyway;

/**
 * {@link MigrationsContract} on PostgreSQL: a database of its own from {@link TestDatabases#postgres}, emptied
 * (Flyway's clean) so that the migrations run from the start, and dropped after.
 */
class MigrationsPostgresIT extends MigrationsContract {

    @Override
    Empty empty() {
        TestDatabases.TestDatabase database = TestDatabases.postgres();
        String url = ((HikariDataSource) database.database().dataSource()).getJdbcUrl();
        Flyway.configure().dataSource(database.database().dataSource()).cleanDisabled(false).load().clean();
        database.database().close();
        return new Empty(new DatabaseConfig(url, TestDatabases.POSTGRES_USER, null, 2), null, url,
                TestDatabases.POSTGRES_USER, database);
    }

    @Override
    String autoId() {
        return "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
    }
}
