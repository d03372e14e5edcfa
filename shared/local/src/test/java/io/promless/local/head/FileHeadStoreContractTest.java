package io.promless.local.head;

import io.promless.testkit.contract.HeadStoreContract;
import io.promless.tsdb.head.HeadStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class FileHeadStoreContractTest extends HeadStoreContract {
    @TempDir
    Path directory;

    private final List<FileHeadStore> opened = new ArrayList<>();

    @Override
    protected HeadStore newStore() {
        FileHeadStore store = FileHeadStore.open(directory.resolve("head-" + opened.size()));
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(FileHeadStore::close);
    }
}
