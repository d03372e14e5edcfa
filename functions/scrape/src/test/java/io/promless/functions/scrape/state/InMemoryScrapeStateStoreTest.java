package io.promless.functions.scrape.state;

import io.promless.scrape.state.InMemoryScrapeStateStore;
import io.promless.scrape.state.ScrapeStateStore;

class InMemoryScrapeStateStoreTest extends ScrapeStateStoreContract {
    @Override
    protected ScrapeStateStore createStore() {
        return new InMemoryScrapeStateStore();
    }
}
