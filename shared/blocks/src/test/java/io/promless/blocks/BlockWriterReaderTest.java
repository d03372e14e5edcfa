package io.promless.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.blocks.parquet.ByteArrayInputFile;
import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.model.labels.MatchType;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

public class BlockWriterReaderTest {
    private static final long HOUR = 3_600_000L;
    private static final long START = 1_700_000_000_000L / HOUR * HOUR;
    private static final long END = START + 2 * HOUR;

    private static BlockOptions options(int rowGroupRows, CompressionCodecName codec) {
        return new BlockOptions(30 * 60_000L, rowGroupRows, codec);
    }

    static Stream<Arguments> codecs() {
        return Stream.of(CompressionCodecName.UNCOMPRESSED, CompressionCodecName.SNAPPY, CompressionCodecName.ZSTD,
                CompressionCodecName.LZ4_RAW).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void roundTripsEverySampleBitExactWithEachCodec(CompressionCodecName codec) {
        List<Series> input = TestSeries.generate(5, 7, START, END, 15_000, 1);
        List<Series> shuffled = new ArrayList<>(input);
        Collections.shuffle(shuffled, new java.util.Random(3));
        EncodedBlock block = new BlockWriter(options(4, codec)).write(spec(), shuffled);

        BlockReader reader = BlockReader.open("b1", new ByteArrayInputFile(block.data()));
        List<Series> read = reader.select(List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+")), START, END);

        assertSameSeries(read, sortedByRowOrder(input));
        assertThat(block.meta().seriesCount()).isEqualTo(35);
        assertThat(block.meta().sampleCount()).isEqualTo(input.stream().mapToLong(Series::size).sum());
        assertThat(block.meta().labelNames()).containsExactly("__name__", "instance", "job");
        assertThat(reader.labelNames()).containsExactly("__name__", "instance", "job");
    }

    static Stream<Arguments> windows() {
        return Stream.of(
                Arguments.of(START, END - 1),
                Arguments.of(START + 10 * 60_000, START + 20 * 60_000),
                Arguments.of(START + 29 * 60_000, START + 31 * 60_000),
                Arguments.of(START - HOUR, START + 1),
                Arguments.of(END - 20_000, END + HOUR),
                Arguments.of(END, END + HOUR),
                Arguments.of(START - HOUR, START - 1));
    }

    @ParameterizedTest
    @MethodSource("windows")
    void keepsOnlySamplesInsideTheWindow(long windowMin, long windowMax) {
        List<Series> input = TestSeries.generate(3, 4, START, END, 15_000, 2);
        EncodedBlock block = new BlockWriter(options(2, CompressionCodecName.ZSTD)).write(spec(), input);
        BlockReader reader = BlockReader.open("b1", new ByteArrayInputFile(block.data()));

        List<Series> read = reader.select(List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+")), windowMin, windowMax);

        assertSameSeries(read, trim(sortedByRowOrder(input), windowMin, windowMax));
    }

    @Test
    void matchersSelectRowsAndNameStatisticsSkipRowGroups() {
        List<Series> input = TestSeries.generate(6, 10, START, END, 60_000, 3);
        EncodedBlock block = new BlockWriter(options(10, CompressionCodecName.ZSTD)).write(spec(), input);
        BlockReader reader = BlockReader.open("b1", new ByteArrayInputFile(block.data()));
        String name = input.get(25).labels().metricName();

        List<Series> read = reader.select(List.of(LabelMatcher.equal("__name__", name),
                LabelMatcher.of(MatchType.REGEX, "instance", "host-[1-3]")), START, END);

        assertThat(read).extracting(series -> series.labels().get("instance")).containsExactly("host-1", "host-2", "host-3");
        assertThat(read).allSatisfy(series -> assertThat(series.labels().metricName()).isEqualTo(name));
        assertThat(reader.rowGroupsRead()).isEqualTo(1);
        assertThat(reader.rowGroupsSkipped()).isEqualTo(5);
    }

    @Test
    void seriesWithDifferentLabelNamesKeepTheirOwnLabels() {
        Series a = TestSeries.series(Labels.of("__name__", "up", "job", "a"), new long[] {START}, new double[] {1});
        Series b = TestSeries.series(Labels.of("__name__", "up", "zone", "z", "Alpha", "x"), new long[] {START + 1},
                new double[] {Double.NaN});
        EncodedBlock block = new BlockWriter(BlockOptions.defaults()).write(spec(), List.of(b, a));
        BlockReader reader = BlockReader.open("b1", new ByteArrayInputFile(block.data()));

        List<Series> read = reader.select(List.of(LabelMatcher.equal("__name__", "up")), START, END);

        assertThat(read).extracting(Series::labels).containsExactlyInAnyOrder(a.labels(), b.labels());
        assertThat(Double.doubleToRawLongBits(read.stream().filter(s -> s.labels().has("zone")).findFirst()
                .orElseThrow().values()[0])).isEqualTo(Double.doubleToRawLongBits(Double.NaN));
    }

    @Test
    void streamingWriteGivesTheSameFileAsTheListWriteAndRefusesDisorder() {
        BlockWriter writer = new BlockWriter(BlockOptions.defaults());
        List<Series> input = TestSeries.generate(4, 3, START, END, 15_000, 9);
        EncodedBlock listed = writer.write(spec(), input);
        List<Series> ordered = input.stream().sorted(java.util.Comparator.comparing(Series::labels, BlockWriter.ROW_ORDER)).toList();
        EncodedBlock streamed = writer.write(spec(), listed.meta().labelNames(), ordered.iterator());
        assertThat(streamed.data()).isEqualTo(listed.data());
        assertThat(streamed.meta()).isEqualTo(listed.meta());

        List<Series> reversed = new java.util.ArrayList<>(ordered);
        java.util.Collections.reverse(reversed);
        assertThatThrownBy(() -> writer.write(spec(), listed.meta().labelNames(), reversed.iterator()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row order");
        assertThatThrownBy(() -> writer.write(spec(), List.of("__name__"), ordered.iterator()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not among the block's label names");
    }

    @Test
    void rejectsSamplesOutsideTheBlockAndDuplicateSeries() {
        Labels labels = Labels.of("__name__", "up");
        BlockWriter writer = new BlockWriter(BlockOptions.defaults());
        assertThatThrownBy(() -> writer.write(spec(), List.of(TestSeries.series(labels, new long[] {END}, new double[] {1}))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
        Series one = TestSeries.series(labels, new long[] {START}, new double[] {1});
        assertThatThrownBy(() -> writer.write(spec(), List.of(one, one)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void corruptOrTruncatedFilesGiveAnErrorNamingTheBlock() {
        EncodedBlock block = new BlockWriter(BlockOptions.defaults()).write(spec(), TestSeries.generate(2, 2, START, END, 15_000, 4));
        byte[] truncated = Arrays.copyOf(block.data(), block.data().length / 2);
        assertThatThrownBy(() -> BlockReader.open("broken-1", new ByteArrayInputFile(truncated)))
                .isInstanceOf(PromlessException.class).hasMessageContaining("block broken-1");
        assertThatThrownBy(() -> BlockReader.open("broken-2", new ByteArrayInputFile("not parquet".getBytes())))
                .isInstanceOf(PromlessException.class).hasMessageContaining("block broken-2");

        byte[] damaged = block.data().clone();
        for (int i = 4; i < damaged.length / 2; i++) {
            damaged[i] ^= 0x5A;
        }
        BlockReader reader = BlockReader.open("broken-3", new ByteArrayInputFile(damaged));
        assertThatThrownBy(() -> reader.select(List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+")), START, END))
                .isInstanceOf(PromlessException.class).hasMessageContaining("block broken-3");
    }

    @Test
    void metaRoundTripsThroughJsonAndRejectsGarbage() {
        BlockMeta meta = new BlockMeta("L1-x", START, END, 3, 400, 6, 1234, List.of("__name__", "job"), 1, List.of("head"));
        assertThat(BlockMeta.fromJson(meta.toJson(), "t")).isEqualTo(meta);
        assertThatThrownBy(() -> BlockMeta.fromJson("{\"version\":1}".getBytes(), "block z"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block z");
        assertThatThrownBy(() -> BlockMeta.fromJson("[".getBytes(), "block y"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block y");
    }

    private static BlockSpec spec() {
        return new BlockSpec("b1", START, END, 1, List.of("head"));
    }

    public static List<Series> sortedByRowOrder(List<Series> series) {
        return series.stream().sorted(java.util.Comparator.comparing(Series::labels, BlockWriter.ROW_ORDER)).toList();
    }

    public static List<Series> trim(List<Series> series, long windowMin, long windowMax) {
        List<Series> result = new ArrayList<>();
        for (Series one : series) {
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < one.size(); i++) {
                if (one.timestamps()[i] >= windowMin && one.timestamps()[i] <= windowMax) {
                    kept.add(i);
                }
            }
            if (!kept.isEmpty()) {
                result.add(new Series(one.labels(), kept.stream().mapToLong(i -> one.timestamps()[i]).toArray(),
                        kept.stream().mapToDouble(i -> one.values()[i]).toArray()));
            }
        }
        return result;
    }

    public static void assertSameSeries(List<Series> actual, List<Series> expected) {
        assertThat(actual).extracting(Series::labels).containsExactlyElementsOf(expected.stream().map(Series::labels).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).timestamps()).as("timestamps of %s", expected.get(i).labels())
                    .containsExactly(expected.get(i).timestamps());
            assertThat(Arrays.stream(actual.get(i).values()).mapToLong(Double::doubleToRawLongBits).toArray())
                    .as("values of %s", expected.get(i).labels())
                    .containsExactly(Arrays.stream(expected.get(i).values()).mapToLong(Double::doubleToRawLongBits).toArray());
        }
    }
}
