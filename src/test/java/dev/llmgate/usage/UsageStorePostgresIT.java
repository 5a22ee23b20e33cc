package dev.llmgate.usage;

import dev.llmgate.store.TestDatabases;
import dev.llmgate.store.TestDatabases.TestDatabase;

/** The usage table on PostgreSQL: a database of its own on 127.0.0.1:5432, dropped afterwards. */
class UsageStorePostgresIT extends UsageStoreContract {

    @Override
    TestDatabase open() {
        return TestDatabases.postgres();
    }
}
