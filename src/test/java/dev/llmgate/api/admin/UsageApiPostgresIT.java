package dev.llmgate.api.admin;

import dev.llmgate.testing.GatewayStore;

/** {@link UsageApiContract} with the gateway's store on PostgreSQL (a database of its own, dropped after). */
class UsageApiPostgresIT extends UsageApiContract {

    @Override
    GatewayStore store() {
        return GatewayStore.postgres();
    }
}
