package io.promless.blocks.backfill;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.BlockId;
import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.blocks.BlockSpec;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.EncodedBlock;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.exposition.ExpositionException;
import io.promless.exposition.OpenMetricsParser;
import io.promless.exposition.ScrapeHandler;
import io.promless.model.MetricMetadata;
import io.promless.model.labels.Labels;
import io.promless.storage.Series;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Backfill, like {@code promtool tsdb create-blocks-from openmetrics}: reads an OpenMetrics text
 * file whose samples all carry timestamps, cuts them into windows aligned to the block duration
 * (2 h), and writes one level-1 block per window straight to the object store, indexing each
 * after its upload. Nothing goes through the queue or the head.
 *
 * <p>The file is read several times, never held whole: a first pass checks every line and counts
 * the samples of each window (nothing is written when the file has an error), then each further
 * pass collects as many whole windows as {@link ImportOptions#maxSamplesInMemory()} allows and
 * writes their blocks. Samples of a series may come in any order; a repeated timestamp keeps the
 * first value, as promtool does (promtool 2.42 also drops samples older than the series' latest;
 * Promless keeps them).
 *
 * <p>Block ids are {@code L1-<window>.<digest of the samples>}, so they never replace a block
 * compaction wrote for the same window (queries merge both), and importing the same file again
 * rewrites the same blocks instead of adding copies. Errors are {@link PromlessException}s of type
 * bad_data naming the file and line. Not thread-safe; one import at a time per index.
 */
public final class OpenMetricsImporter {
    private static final Logger LOG = Logger.getLogger(OpenMetricsImporter.class.getName());
    private static final Pattern PARSER_LINE = Pattern.compile("^line (\\d+): ");

    private final BlockStore store;
    private final BlockIndex index;
    private final BlockWriter writer;
    private final ImportOptions options;

    public OpenMetricsImporter(BlockStore store, BlockIndex index, BlockWriter writer, ImportOptions options) {
        this.store = requireNonNull(store, "store is null");
        this.index = requireNonNull(index, "index is null");
        this.writer = requireNonNull(writer, "writer is null");
        this.options = requireNonNull(options, "options is null");
    }

    /** @throws PromlessException (bad_data) naming the file and line for a malformed file; nothing is written then */
    public ImportResult importFile(Path file) {
        requireNonNull(file, "file is null");
        OpenMetricsChunks chunks = new OpenMetricsChunks(file, options.chunkBytes());
        TreeMap<Long, Long> samplesPerWindow = new TreeMap<>();
        read(file, chunks, (labels, value, timestamp) -> samplesPerWindow.merge(windowOf(timestamp), 1L, Long::sum));
        int passes = 1;
        List<BlockMeta> written = new ArrayList<>();
        long samples = 0;
        long duplicates = 0;
        List<Long> windows = new ArrayList<>(samplesPerWindow.keySet());
        int next = 0;
        while (next < windows.size()) {
            long budget = samplesPerWindow.get(windows.get(next));
            int end = next + 1;
            while (end < windows.size() && budget + samplesPerWindow.get(windows.get(end)) <= options.maxSamplesInMemory()) {
                budget += samplesPerWindow.get(windows.get(end));
                end++;
            }
            long from = windows.get(next);
            long to = windows.get(end - 1) + options.blockDurationMillis();
            Map<Long, Map<Labels, SampleColumns>> collected = new HashMap<>();
            read(file, chunks, (labels, value, timestamp) -> {
                if (timestamp >= from && timestamp < to) {
                    collected.computeIfAbsent(windowOf(timestamp), window -> new HashMap<>())
                            .computeIfAbsent(labels, key -> new SampleColumns()).add(timestamp, value);
                }
            });
            passes++;
            for (int i = next; i < end; i++) {
                long window = windows.get(i);
                Map<Labels, SampleColumns> series = collected.remove(window);
                WindowBlock block = writeWindow(file, window, series);
                written.add(block.meta());
                samples += block.meta().sampleCount();
                duplicates += block.duplicates();
            }
            next = end;
        }
        return new ImportResult(written, samples, duplicates, passes);
    }

    private record WindowBlock(BlockMeta meta, long duplicates) {}

    private WindowBlock writeWindow(Path file, long window, Map<Labels, SampleColumns> bySeries) {
        List<Series> series = new ArrayList<>(bySeries.size());
        long duplicates = 0;
        for (Map.Entry<Labels, SampleColumns> entry : bySeries.entrySet()) {
            SampleColumns columns = entry.getValue();
            duplicates += columns.sortKeepingFirst();
            series.add(columns.toSeries(entry.getKey()));
        }
        series.sort(Comparator.comparing(Series::labels, BlockWriter.ROW_ORDER));
        long end = window + options.blockDurationMillis();
        String id = BlockId.forLateSamples(1, window, end, digest(series));
        EncodedBlock block = writer.write(new BlockSpec(id, window, end, 1,
                List.of("import:" + file.getFileName())), series);
        store.upload(block);
        index.add(block.meta());
        LOG.info(() -> "imported block " + id + ": " + block.meta().seriesCount() + " series, "
                + block.meta().sampleCount() + " samples");
        return new WindowBlock(block.meta(), duplicates);
    }

    private long windowOf(long timestamp) {
        return Math.floorDiv(timestamp, options.blockDurationMillis()) * options.blockDurationMillis();
    }

    @FunctionalInterface
    private interface SampleSink {
        void accept(Labels labels, double value, long timestamp);
    }

    /** One pass over the file; every error becomes a bad_data exception naming the file and line. */
    private static void read(Path file, OpenMetricsChunks chunks, SampleSink sink) {
        try {
            chunks.forEach(chunk -> parse(chunk, sink));
        } catch (OpenMetricsChunks.ImportException e) {
            throw new PromlessException(ErrorType.BAD_DATA, file + ":" + e.line + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PromlessException(ErrorType.BAD_DATA, file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void parse(OpenMetricsChunks.Chunk chunk, SampleSink sink) throws OpenMetricsChunks.ImportException {
        int[] sampleIndex = {0};
        try {
            OpenMetricsParser.prometheusCompatible().parse(chunk.body(), new ScrapeHandler() {
                @Override
                public void metadata(MetricMetadata metadata) {}

                @Override
                public void sample(Labels labels, double value, long timestampMillis) {
                    int line = chunk.sampleFileLines()[Math.min(sampleIndex[0]++, chunk.sampleFileLines().length - 1)];
                    if (timestampMillis == NO_TIMESTAMP) {
                        throw new MissingTimestamp(line, labels);
                    }
                    sink.accept(labels, value, timestampMillis);
                }
            });
        } catch (MissingTimestamp e) {
            throw new OpenMetricsChunks.ImportException(e.line,
                    "sample of " + e.labels + " has no timestamp; imported samples need one");
        } catch (ExpositionException e) {
            Matcher matcher = PARSER_LINE.matcher(e.getMessage());
            if (matcher.find()) {
                int line = chunk.fileLine(Integer.parseInt(matcher.group(1)));
                throw new OpenMetricsChunks.ImportException(line, e.getMessage().substring(matcher.end()));
            }
            throw new OpenMetricsChunks.ImportException(chunk.fileLine(1), e.getMessage());
        }
    }

    private static final class MissingTimestamp extends RuntimeException {
        final int line;
        final Labels labels;

        MissingTimestamp(int line, Labels labels) {
            super(null, null, false, false);
            this.line = line;
            this.labels = labels;
        }
    }

    /** First 16 hex digits of the SHA-256 of the window's series: same samples, same block id. */
    private static String digest(List<Series> series) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(16);
            for (Series one : series) {
                sha.update(one.labels().toString().getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < one.size(); i++) {
                    buffer.clear();
                    buffer.putLong(one.timestamps()[i]).putLong(Double.doubleToRawLongBits(one.values()[i]));
                    sha.update(buffer.array());
                }
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
