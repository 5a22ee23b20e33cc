package dev.llmgate.api;

import dev.llmgate.testing.GatewayStore;

/** {@link AccountingContract} with the gateway's store on PostgreSQL (a database of its own, dropped after). */
class AccountingPostgresIT extends AccountingContract {

    @Override
    GatewayStore store() {
        return GatewayStore.postgres();
    }
}
