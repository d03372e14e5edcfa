package io.promless.local.head;

import io.promless.testkit.contract.HeadStoreContract;
import io.promless.tsdb.head.HeadStore;
import io.promless.tsdb.head.InMemoryHeadStore;

/** The in-memory store against the port contract (here, because testkit depends on tsdb). */
class InMemoryHeadStoreContractTest extends HeadStoreContract {
    @Override
    protected HeadStore newStore() {
        return new InMemoryHeadStore();
    }
}
