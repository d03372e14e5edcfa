package io.promless.testkit.contract;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.ports.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link ObjectStore} adapter shares. Subclasses return a fresh, empty
 * store for each test (a new directory, or a new key prefix in a bucket).
 */
public abstract class ObjectStoreContract {
    private ObjectStore store;

    /** A new store that holds no objects. */
    protected abstract ObjectStore createStore();

    /**
     * How many keys {@link #listPagesThroughManyKeys} writes: enough for several list pages. A
     * remote store may list in smaller pages and write fewer keys to keep the test fast.
     */
    protected int manyKeys() {
        return 1_050;
    }

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    @Test
    void putThenGetReturnsTheSameBytes() {
        byte[] data = {0, 1, 2, (byte) 0xff, 10, 13};
        store.put("blocks/01/index", data);
        assertThat(store.get("blocks/01/index")).hasValueSatisfying(read -> assertThat(read).isEqualTo(data));
    }

    @Test
    void missingKeyIsEmpty() {
        assertThat(store.get("no/such/key")).isEmpty();
    }

    @Test
    void putReplacesTheWholeObject() {
        store.put("k", "a much longer first version".getBytes(UTF_8));
        store.put("k", "short".getBytes(UTF_8));
        assertThat(store.get("k")).hasValueSatisfying(read -> assertThat(new String(read, UTF_8)).isEqualTo("short"));
    }

    @Test
    void emptyObjectRoundTrips() {
        store.put("empty", new byte[0]);
        assertThat(store.get("empty")).hasValueSatisfying(read -> assertThat(read).isEmpty());
        assertThat(store.list("")).containsExactly("empty");
    }

    @Test
    void largeObjectRoundTrips() {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        store.put("large", data);
        assertThat(store.get("large")).hasValueSatisfying(read -> assertThat(read).isEqualTo(data));
    }

    @Test
    void deleteRemovesAndMissingKeyIsNoError() {
        store.put("a/b", new byte[] {1});
        store.delete("a/b");
        store.delete("a/b");
        store.delete("never/written");
        assertThat(store.get("a/b")).isEmpty();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void listReturnsKeysWithThePrefixSorted() {
        for (String key : List.of("blocks/2/meta", "blocks/1/meta", "blocks/10/meta", "index/current", "blocksx")) {
            store.put(key, new byte[] {1});
        }
        assertThat(store.list("blocks/")).containsExactly("blocks/1/meta", "blocks/10/meta", "blocks/2/meta");
        assertThat(store.list("blocks")).containsExactly("blocks/1/meta", "blocks/10/meta", "blocks/2/meta", "blocksx");
        assertThat(store.list("")).hasSize(5);
        assertThat(store.list("nothing")).isEmpty();
    }

    @Test
    void keyAndLongerKeyBelowItCoexist() {
        store.put("a", new byte[] {1});
        store.put("a/b", new byte[] {2});
        assertThat(store.get("a")).hasValueSatisfying(read -> assertThat(read).containsExactly(1));
        assertThat(store.get("a/b")).hasValueSatisfying(read -> assertThat(read).containsExactly(2));
        assertThat(store.list("a")).containsExactly("a", "a/b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"with space", "plus+and=equals", "percent%41sign", "ünïcödé/名前", ".hidden", "..", "tilde~",
        "a//double", "trailing/", "quote\"and'apostrophe", "semi;colon:and,comma", "long-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void unusualKeysRoundTrip(String key) {
        store.put(key, key.getBytes(UTF_8));
        assertThat(store.get(key)).hasValueSatisfying(read -> assertThat(new String(read, UTF_8)).isEqualTo(key));
        assertThat(store.list("")).containsExactly(key);
    }

    @Test
    void rangedGetReadsTheRequestedBytes() {
        byte[] data = new byte[100_000];
        new Random(7).nextBytes(data);
        store.put("blocks/1/data", data);
        assertThat(store.getRange("blocks/1/data", 0, 10)).hasValueSatisfying(read ->
                assertThat(read).isEqualTo(java.util.Arrays.copyOfRange(data, 0, 10)));
        assertThat(store.getRange("blocks/1/data", 54_321, 4_096)).hasValueSatisfying(read ->
                assertThat(read).isEqualTo(java.util.Arrays.copyOfRange(data, 54_321, 54_321 + 4_096)));
        assertThat(store.getRange("blocks/1/data", 99_992, 8)).hasValueSatisfying(read ->
                assertThat(read).isEqualTo(java.util.Arrays.copyOfRange(data, 99_992, 100_000)));
    }

    @Test
    void rangedGetStopsAtTheEndOfTheObject() {
        store.put("short", new byte[] {1, 2, 3, 4, 5});
        assertThat(store.getRange("short", 3, 100)).hasValueSatisfying(read -> assertThat(read).containsExactly(4, 5));
        assertThat(store.getRange("short", 5, 10)).hasValueSatisfying(read -> assertThat(read).isEmpty());
        assertThat(store.getRange("short", 1_000, 10)).hasValueSatisfying(read -> assertThat(read).isEmpty());
        assertThat(store.getRange("short", 2, 0)).hasValueSatisfying(read -> assertThat(read).isEmpty());
    }

    @Test
    void rangedGetOfAMissingKeyIsEmpty() {
        assertThat(store.getRange("no/such/key", 0, 10)).isEmpty();
        assertThat(store.getRange("no/such/key", 0, 0)).isEmpty();
    }

    @Test
    void rangedGetRejectsNegativeArguments() {
        store.put("k", new byte[] {1});
        assertThatThrownBy(() -> store.getRange("k", -1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset");
        assertThatThrownBy(() -> store.getRange("k", 0, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length");
    }

    @Test
    void sizeIsTheObjectLengthOrEmptyWhenMissing() {
        store.put("sized", new byte[12_345]);
        store.put("empty", new byte[0]);
        assertThat(store.size("sized")).hasValue(12_345);
        assertThat(store.size("empty")).hasValue(0);
        assertThat(store.size("missing")).isEmpty();
        store.delete("sized");
        assertThat(store.size("sized")).isEmpty();
    }

    @Test
    void emptyKeyIsRejected() {
        assertThatThrownBy(() -> store.put("", new byte[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThatThrownBy(() -> store.put("k", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.put(null, new byte[0])).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.list(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void listPagesThroughManyKeys() throws Exception {
        List<String> expected = IntStream.range(0, manyKeys()).mapToObj(i -> String.format("many/%05d", i)).toList();
        runConcurrently(expected.stream().map(key -> (Runnable) () -> store.put(key, new byte[] {7})).toList());
        assertThat(store.list("many/")).containsExactlyElementsOf(expected);
    }

    @Test
    void concurrentPutsOfOneKeyLeaveOneWholeVersion() throws Exception {
        List<byte[]> versions = IntStream.range(0, 16).mapToObj(i -> {
            byte[] data = new byte[64 * 1024];
            java.util.Arrays.fill(data, (byte) i);
            return data;
        }).toList();
        runConcurrently(versions.stream().map(data -> (Runnable) () -> store.put("contended", data)).toList());
        byte[] read = store.get("contended").orElseThrow();
        assertThat(versions).anySatisfy(version -> assertThat(read).isEqualTo(version));
    }

    private static void runConcurrently(List<Runnable> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable task : tasks) {
                futures.add(pool.submit(task));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
