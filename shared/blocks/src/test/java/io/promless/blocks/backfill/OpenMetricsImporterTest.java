package io.promless.blocks.backfill;

import static io.promless.blocks.BlockWriterReaderTest.assertSameSeries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.blocks.BlockOptions;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.query.BlockQueryable;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.model.labels.MatchType;
import io.promless.storage.Querier;
import io.promless.storage.Series;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenMetricsImporterTest {
    private static final long HOUR = 3_600_000L;
    /** 2026-01-01T00:00:00Z, a multiple of 2 h. */
    private static final long START = 1_767_225_600_000L;
    private static final List<LabelMatcher> ALL = List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+"));

    @TempDir
    Path directory;

    private final InMemoryObjectStore objects = new InMemoryObjectStore();
    private final BlockStore store = new BlockStore(objects);
    private final BlockIndex index = new BlockIndex(objects);

    /** Small pieces and a small memory budget, so families are split and several passes run. */
    private OpenMetricsImporter importer(long maxSamples) {
        return new OpenMetricsImporter(store, index, new BlockWriter(BlockOptions.defaults()),
                new ImportOptions(2 * HOUR, maxSamples, 300));
    }

    @Test
    void importsEveryWindowAsOneBlockAndTheBlocksAnswerQueries() throws IOException {
        Map<Labels, TreeMap<Long, Double>> expected = new TreeMap<>();
        StringBuilder text = new StringBuilder();
        text.append("# TYPE http_requests counter\n# HELP http_requests Requests served.\n");
        for (String code : List.of("200", "500")) {
            for (long t = START + 30 * 60_000; t < START + 5 * HOUR; t += 60_000) {
                double value = (t - START) / 60_000.0 * (code.equals("200") ? 3 : 1);
                text.append("http_requests_total{code=\"").append(code).append("\"} ").append(value).append(' ')
                        .append(seconds(t)).append('\n');
                expected.computeIfAbsent(Labels.of("__name__", "http_requests_total", "code", code), k -> new TreeMap<>())
                        .put(t, value);
            }
        }
        text.append("# TYPE temperature gauge\n");
        // Out of order and one repeated timestamp: sorted, and the first value kept.
        long[] times = {START + 4 * HOUR + 1_500, START + HOUR + 250, START + 2 * HOUR, START + HOUR + 250};
        double[] values = {21.5, 19.25, 20, 99};
        for (int i = 0; i < times.length; i++) {
            text.append("temperature{room=\"a b\"} ").append(values[i]).append(' ').append(seconds(times[i])).append('\n');
            expected.computeIfAbsent(Labels.of("__name__", "temperature", "room", "a b"), k -> new TreeMap<>())
                    .putIfAbsent(times[i], values[i]);
        }
        text.append("# EOF\n");
        Path file = write("history.om", text.toString());

        ImportResult result = importer(250).importFile(file);

        assertThat(result.blocks()).extracting(BlockMeta::minTime)
                .containsExactly(START, START + 2 * HOUR, START + 4 * HOUR);
        assertThat(result.blocks()).allSatisfy(meta -> {
            assertThat(meta.id()).startsWith("L1-").contains(".");
            assertThat(meta.maxTime() - meta.minTime()).isEqualTo(2 * HOUR);
            assertThat(meta.sources()).containsExactly("import:history.om");
        });
        assertThat(result.duplicatesDropped()).isEqualTo(1);
        assertThat(result.samples()).isEqualTo(2 * 270 + 3);
        assertThat(result.passes()).isGreaterThan(2);
        assertThat(index.blocks()).containsExactlyElementsOf(result.blocks());
        assertSameSeries(selectAll(), toSeries(expected));
    }

    @Test
    void importingTheSameFileAgainRewritesTheSameBlocks() throws IOException {
        Path file = write("again.om", "# TYPE up gauge\nup 1 " + seconds(START) + "\nup 1 " + seconds(START + 3 * HOUR)
                + "\n# EOF\n");
        List<BlockMeta> first = importer(1_000).importFile(file).blocks();
        List<BlockMeta> second = importer(1_000).importFile(file).blocks();
        assertThat(second).isEqualTo(first);
        assertThat(index.blocks()).hasSize(2);
        assertThat(selectAll()).singleElement().satisfies(series -> assertThat(series.size()).isEqualTo(2));
    }

    static Stream<Arguments> badFiles() {
        String t = " " + seconds(START);
        return Stream.of(
                Arguments.of("# TYPE a gauge\na 1" + t + "\na 2\n# EOF\n", 3, "has no timestamp"),
                Arguments.of("# TYPE a gauge\na 1" + t + "\na 2" + t + "\na{b=\"c\" 3" + t + "\n# EOF\n", 4, "after a label"),
                // Far past the first 300-byte piece, which repeats the family header: still the file's line.
                Arguments.of("# TYPE a gauge\n# HELP a A.\n" + "a 1" + t + "\n"
                        + ("a{x=\"y\"} 1" + t + "\n").repeat(60) + "a{x=\"y\"} 1 z\n# EOF\n", 64, "(in \"a{x=\"y\"} 1 z\")"),
                Arguments.of("# TYPE a gauge\na 1" + t + "\n", 2, "missing \"# EOF\""),
                Arguments.of("# TYPE a gauge\na 1" + t + "\n# EOF\na 2" + t + "\n", 4, "text after \"# EOF\""),
                Arguments.of("a 1" + t + "\n\na 2" + t + "\n# EOF\n", 2, "empty line"),
                Arguments.of("", 1, "missing \"# EOF\""));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void aBadFileIsRefusedNamingTheFileAndLineAndNothingIsWritten(String text, int line, String problem) throws IOException {
        Path file = write("bad.om", text);
        assertThatThrownBy(() -> importer(1_000).importFile(file))
                .isInstanceOf(PromlessException.class)
                .satisfies(e -> assertThat(((PromlessException) e).type()).isEqualTo(ErrorType.BAD_DATA))
                .hasMessageContaining(file + ":" + line + ":")
                .hasMessageContaining(problem);
        assertThat(objects.size()).isZero();
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = directory.resolve("nope.om");
        assertThatThrownBy(() -> importer(1_000).importFile(missing))
                .isInstanceOf(PromlessException.class).hasMessageContaining(missing.toString());
    }

    private List<Series> selectAll() {
        try (Querier querier = new BlockQueryable(index, store).querier(START - HOUR, START + 10 * HOUR)) {
            return querier.select(ALL);
        }
    }

    private static List<Series> toSeries(Map<Labels, TreeMap<Long, Double>> samples) {
        List<Series> result = new ArrayList<>();
        samples.forEach((labels, points) -> result.add(new Series(labels,
                points.keySet().stream().mapToLong(Long::longValue).toArray(),
                points.values().stream().mapToDouble(Double::doubleValue).toArray())));
        return result;
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format("%d.%03d", millis / 1000, millis % 1000);
    }

    private Path write(String name, String text) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
