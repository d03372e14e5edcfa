package io.promless.local.objects;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.ports.ObjectStore;
import io.promless.testkit.contract.ObjectStoreContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileObjectStoreTest extends ObjectStoreContract {
    @TempDir
    Path root;

    @Override
    protected ObjectStore createStore() {
        return new FileObjectStore(root);
    }

    @Test
    void objectsSurviveANewInstanceOverTheSameDirectory() {
        new FileObjectStore(root).put("blocks/1", new byte[] {9});
        assertThat(new FileObjectStore(root).get("blocks/1")).hasValueSatisfying(data -> assertThat(data).containsExactly(9));
    }

    @Test
    void strayTemporaryAndForeignFilesAreNotListed() throws IOException {
        FileObjectStore store = new FileObjectStore(root);
        store.put("dir/kept", new byte[] {1});
        Files.write(root.resolve("dir").resolve(ObjectKeyPaths.TEMPORARY_PREFIX + "crashed"), new byte[] {2});
        Files.write(root.resolve("README"), new byte[] {3});
        assertThat(store.list("")).containsExactly("dir/kept");
    }

    @Test
    void deletingTheLastObjectRemovesItsEmptyDirectories() throws IOException {
        FileObjectStore store = new FileObjectStore(root);
        store.put("a/b/c", new byte[] {1});
        store.delete("a/b/c");
        try (var children = Files.list(root)) {
            assertThat(children).isEmpty();
        }
    }
}
