package io.promless.functions.scrape.state;

import io.promless.local.objects.FileObjectStore;
import io.promless.scrape.state.ObjectScrapeStateStore;
import io.promless.scrape.state.ScrapeStateStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The local mode's store: objects as files under the data directory. */
class FileScrapeStateStoreTest extends ScrapeStateStoreContract {
    @TempDir
    Path directory;

    @Override
    protected ScrapeStateStore createStore() {
        return new ObjectScrapeStateStore(new FileObjectStore(directory));
    }
}
