package io.promless.local.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.storage.Querier;
import io.promless.storage.Series;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.Segment;
import io.promless.tsdb.head.SegmentHeadWriter;
import io.promless.tsdb.head.SegmentKey;
import io.promless.tsdb.head.SeriesEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the file store promises: surviving a restart and crashes mid-write. */
class FileHeadStoreTest {
    private static final Labels UP = Labels.of("__name__", "up", "job", "node", "instance", "a:9100");
    private static final long START = 1_764_115_200_000L;

    @TempDir
    Path directory;

    @Test
    void seriesAndSegmentsSurviveAReopen() {
        try (FileHeadStore store = FileHeadStore.open(directory)) {
            SegmentHeadWriter writer = new SegmentHeadWriter(store);
            for (int scrape = 0; scrape < 3; scrape++) {
                writer.write("msg-" + scrape, List.of(new Series(UP, new long[] {START + scrape * 60_000L}, new double[] {scrape})));
            }
        }
        try (FileHeadStore reopened = FileHeadStore.open(directory)) {
            assertThat(reopened.metricNames()).containsExactly("up");
            assertThat(reopened.putSeriesIfAbsent(SeriesEntry.of(UP))).isFalse();
            try (Querier querier = new HeadQueryable(reopened).querier(START, START + 600_000L)) {
                List<Series> series = querier.select(List.of(LabelMatcher.equal("__name__", "up")));
                assertThat(series).singleElement().satisfies(one -> {
                    assertThat((Object) one.labels()).isEqualTo(UP);
                    assertThat(one.timestamps()).containsExactly(START, START + 60_000L, START + 120_000L);
                    assertThat(one.values()).containsExactly(0, 1, 2);
                });
            }
        }
    }

    @Test
    void theProcessCrashModeAlsoSurvivesAReopen() {
        try (FileHeadStore store = FileHeadStore.open(directory, FileHeadStore.Durability.PROCESS_CRASH)) {
            new SegmentHeadWriter(store).write("msg", List.of(new Series(UP, new long[] {START}, new double[] {7})));
        }
        try (FileHeadStore reopened = FileHeadStore.open(directory);
                Querier querier = new HeadQueryable(reopened).querier(START, START)) {
            assertThat(querier.select(List.of(LabelMatcher.equal("__name__", "up"))))
                    .singleElement().satisfies(one -> assertThat(one.values()).containsExactly(7));
        }
    }

    @Test
    void aTornSeriesLogTailIsCutOffAndLaterAppendsSurvive() throws IOException {
        try (FileHeadStore store = FileHeadStore.open(directory)) {
            store.putSeriesIfAbsent(SeriesEntry.of(UP));
        }
        Files.write(directory.resolve("series.log"), new byte[] {0, 0, 0, 40, 1, 2}, StandardOpenOption.APPEND);
        Labels other = Labels.of("__name__", "up", "instance", "b:9100");
        try (FileHeadStore store = FileHeadStore.open(directory)) {
            assertThat(store.seriesOf("up")).containsExactly(SeriesEntry.of(UP));
            assertThat(store.putSeriesIfAbsent(SeriesEntry.of(other))).isTrue();
        }
        try (FileHeadStore store = FileHeadStore.open(directory)) {
            assertThat(store.seriesOf("up")).containsExactlyInAnyOrder(SeriesEntry.of(UP), SeriesEntry.of(other));
        }
    }

    @Test
    void aCorruptPackIsSkippedAndCountedAndLeftoverTemporaryFilesAreRemoved() throws IOException {
        try (FileHeadStore store = FileHeadStore.open(directory)) {
            store.putSegments(List.of(segment("b.1", new byte[] {1})));
            store.putSegments(List.of(segment("b.2", new byte[] {2})));
        }
        Path segments = directory.resolve("segments");
        List<Path> packs;
        try (Stream<Path> files = Files.list(segments)) {
            packs = files.sorted().toList();
        }
        assertThat(packs).hasSize(2);
        byte[] damaged = Files.readAllBytes(packs.get(1));
        damaged[damaged.length / 2] ^= 0x55;
        Files.write(packs.get(1), damaged);
        Files.write(segments.resolve("pack-00000000000000000099.seg.tmp"), new byte[] {1, 2, 3});
        try (FileHeadStore store = FileHeadStore.open(directory)) {
            assertThat(store.corruptFilesSkipped()).isEqualTo(1);
            assertThat(store.segments("up", 0, Long.MAX_VALUE)).extracting(s -> s.key().id()).containsExactly("b.1");
        }
        assertThat(segments.resolve("pack-00000000000000000099.seg.tmp")).doesNotExist();
    }

    @Test
    void rewritingEveryKeyOfAPackDeletesTheOldPack() throws IOException {
        try (FileHeadStore store = FileHeadStore.open(directory)) {
            store.putSegments(List.of(segment("b.1", new byte[] {1})));
            store.putSegments(List.of(segment("b.1", new byte[] {1})));
            assertThat(packCount()).isEqualTo(1);
            assertThat(store.segments("up", 0, Long.MAX_VALUE)).hasSize(1);
        }
    }

    @Test
    void expiredSegmentsAreDroppedWithTheirFiles() throws IOException {
        try (FileHeadStore store = FileHeadStore.open(directory)) {
            store.putSegments(List.of(new Segment(new SegmentKey("up", 0, 0, "b.old"), 1, 2, new byte[] {1}, 100)));
            store.putSegments(List.of(new Segment(new SegmentKey("up", 0, 0, "b.new"), 1, 2, new byte[] {2}, 300)));
            assertThat(store.deleteExpired(200)).isEqualTo(1);
            assertThat(store.segments("up", 0, 10)).extracting(s -> s.key().id()).containsExactly("b.new");
            assertThat(packCount()).isEqualTo(1);
        }
        try (FileHeadStore store = FileHeadStore.open(directory)) {
            assertThat(store.segments("up", 0, 10)).extracting(s -> s.key().id()).containsExactly("b.new");
        }
    }

    @Test
    void aClosedStoreRefusesWrites() {
        FileHeadStore store = FileHeadStore.open(directory);
        store.close();
        assertThatThrownBy(() -> store.putSeriesIfAbsent(SeriesEntry.of(UP))).isInstanceOf(IllegalStateException.class);
    }

    private long packCount() throws IOException {
        try (Stream<Path> files = Files.list(directory.resolve("segments"))) {
            return files.count();
        }
    }

    private static Segment segment(String id, byte[] data) {
        return new Segment(new SegmentKey("up", 0, 0, id), 1000, 2000, data, Long.MAX_VALUE / 2);
    }
}
