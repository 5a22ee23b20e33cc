package dev.llmgate.api;

import dev.llmgate.testing.GatewayStore;

/** {@link AccountingContract} on the default store: SQLite in the gateway's data directory. */
class AccountingIT extends AccountingContract {

    @Override
    GatewayStore store() {
        return GatewayStore.sqlite();
    }
}
