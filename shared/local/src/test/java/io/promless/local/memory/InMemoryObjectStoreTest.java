package io.promless.local.memory;

import io.promless.ports.ObjectStore;
import io.promless.testkit.contract.ObjectStoreContract;

class InMemoryObjectStoreTest extends ObjectStoreContract {
    @Override
    protected ObjectStore createStore() {
        return new InMemoryObjectStore();
    }
}
