package dev.llmgate.usage;

import dev.llmgate.store.TestDatabases;
import dev.llmgate.store.TestDatabases.TestDatabase;

/** The usage table on SQLite, the default store. */
class UsageStoreTest extends UsageStoreContract {

    @Override
    TestDatabase open() {
        return TestDatabases.sqlite();
    }
}
