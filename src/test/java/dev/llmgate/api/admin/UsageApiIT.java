package dev.llmgate.api.admin;

import dev.llmgate.testing.GatewayStore;

/** {@link UsageApiContract} on the default store: SQLite in the gateway's data directory. */
class UsageApiIT extends UsageApiContract {

    @Override
    GatewayStore store() {
        return GatewayStore.sqlite();
    }
}
