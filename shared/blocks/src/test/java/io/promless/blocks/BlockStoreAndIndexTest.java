package io.promless.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.errors.PromlessException;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.model.labels.Labels;
import io.promless.storage.Series;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BlockStoreAndIndexTest {
    private static final long T0 = 1_767_225_600_000L;
    private final InMemoryObjectStore objects = new InMemoryObjectStore();

    @Test
    void indexAddsReplacesAndRemovesBlocksSortedByTime() {
        BlockIndex index = new BlockIndex(objects);
        assertThat(index.blocks()).isEmpty();
        BlockMeta later = meta(BlockId.forWindow(1, T0 + 10, T0 + 20), T0 + 10, T0 + 20);
        BlockMeta earlier = meta(BlockId.forWindow(1, T0, T0 + 10), T0, T0 + 10);
        index.add(later);
        index.add(earlier);
        index.add(earlier);
        assertThat(index.blocks()).containsExactly(earlier, later);

        BlockMeta merged = meta(BlockId.forWindow(2, T0, T0 + 20), T0, T0 + 20);
        index.replace(Set.of(earlier.id(), later.id()), List.of(merged));
        assertThat(index.blocks()).containsExactly(merged);
        index.remove(List.of(merged.id(), "absent"));
        assertThat(index.blocks()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "{\"version\":1}", "{\"version\":1,\"blocks\":[{\"version\":1}]}",
            "{\"version\":1,\"blocks\":[{\"version\":2}]}"})
    void anUnreadableIndexIsAClearError(String json) {
        objects.put(BlockIndex.KEY, json.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new BlockIndex(objects).blocks())
                .isInstanceOf(PromlessException.class).hasMessageContaining(BlockIndex.KEY);
    }

    @Test
    void storeUploadsReadsAndDeletesABlock() {
        BlockStore store = new BlockStore(objects);
        String id = BlockId.forWindow(1, T0, T0 + 7_200_000);
        EncodedBlock block = new BlockWriter(BlockOptions.defaults()).write(new BlockSpec(id, T0, T0 + 7_200_000, 1, List.of()),
                List.of(new Series(Labels.of("__name__", "up", "job", "a"), new long[] {T0, T0 + 15_000}, new double[] {1, 0})));
        store.upload(block);

        assertThat(store.meta(id)).contains(block.meta());
        assertThat(store.open(id).labelNames()).containsExactly("__name__", "job");
        store.delete(id);
        assertThat(objects.list(BlockStore.PREFIX)).isEmpty();
        assertThat(store.meta(id)).isEmpty();
        assertThatThrownBy(() -> store.open(id)).isInstanceOf(PromlessException.class)
                .hasMessageContaining("block " + id).hasMessageContaining("missing");
    }

    @Test
    void aCorruptMetaIsAnErrorNamingTheBlock() {
        objects.put(BlockStore.metaKey("L1-x"), "{\"version\":1}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new BlockStore(objects).meta("L1-x"))
                .isInstanceOf(PromlessException.class).hasMessageContaining("block L1-x");
    }

    static Stream<Arguments> ids() {
        return Stream.of(
                Arguments.of(BlockId.forWindow(1, T0, T0 + 7_200_000), new long[] {T0, T0 + 7_200_000}),
                Arguments.of(BlockId.forLateSamples(1, T0, T0 + 7_200_000, "0a1b2c3d4e5f6789"), new long[] {T0, T0 + 7_200_000}),
                Arguments.of(BlockId.forWindow(3, -5, 100), new long[] {-5, 100}),
                Arguments.of("someone-elses-block", null),
                Arguments.of("L1-12-34.XYZ", null));
    }

    @ParameterizedTest
    @MethodSource("ids")
    void blockIdsNameTheirWindow(String id, long[] window) {
        if (window == null) {
            assertThat(BlockId.window(id)).isEmpty();
        } else {
            assertThat(BlockId.window(id)).hasValueSatisfying(parsed -> assertThat(parsed).containsExactly(window));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "x y", "../up"})
    void rejectsBlockIdsThatAreNotPlainNames(String id) {
        assertThatThrownBy(() -> new BlockSpec(id, T0, T0 + 1, 1, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static BlockMeta meta(String id, long minTime, long maxTime) {
        return new BlockMeta(id, minTime, maxTime, 1, 2, 1, 100, List.of("__name__"), id.startsWith("L2") ? 2 : 1, List.of());
    }
}
