package io.promless.blocks;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.chunk.ChunkCodec;
import io.promless.blocks.parquet.SeriesRow;
import io.promless.blocks.parquet.SeriesRowWriter;
import io.promless.model.labels.Labels;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns series into one block file: rows sorted by metric name then labels, one chunk per
 * series and data column (see {@link ChunkCodec}). Series without samples are left out. Thread-safe (stateless).
 */
public final class BlockWriter {
    /** Metric name first, so row groups hold runs of one metric and their statistics prune. */
    public static final Comparator<Labels> ROW_ORDER =
            Comparator.comparing(Labels::metricName).thenComparing(Comparator.naturalOrder());

    private final BlockOptions options;

    public BlockWriter(BlockOptions options) {
        this.options = requireNonNull(options, "options is null");
    }

    /**
     * @param series any order; labels must be distinct and every sample inside [minTime, maxTime)
     * @throws IllegalArgumentException for duplicate series or samples outside the block's range
     */
    public EncodedBlock write(BlockSpec spec, List<Series> series) {
        requireNonNull(spec, "spec is null");
        requireNonNull(series, "series is null");
        List<Series> ordered = new ArrayList<>(series.size());
        for (Series one : series) {
            if (requireNonNull(one, "series is null").size() > 0) {
                ordered.add(one);
            }
        }
        ordered.sort(Comparator.comparing(Series::labels, ROW_ORDER));
        int dataColumns = dataColumns(spec);
        TreeSet<String> labelNames = new TreeSet<>();
        List<SeriesRow> rows = new ArrayList<>(ordered.size());
        long samples = 0;
        long chunks = 0;
        Labels previous = null;
        for (Series one : ordered) {
            if (previous != null && previous.equals(one.labels())) {
                throw new IllegalArgumentException("block " + spec.id() + ": series " + one.labels() + " appears twice");
            }
            previous = one.labels();
            labelNames.addAll(one.labels().names());
            SeriesRow row = encode(spec, one, dataColumns);
            rows.add(row);
            samples += one.size();
            for (byte[] chunk : row.chunks()) {
                chunks += chunk == null ? 0 : 1;
            }
        }
        List<String> names = List.copyOf(labelNames);
        Map<String, String> metadata = Map.of(
                BlockSchema.MIN_TIME_METADATA, Long.toString(spec.minTime()),
                BlockSchema.MAX_TIME_METADATA, Long.toString(spec.maxTime()),
                BlockSchema.DATA_COLUMN_DURATION_METADATA, Long.toString(options.dataColumnMillis()),
                BlockSchema.BLOCK_ID_METADATA, spec.id(),
                BlockSchema.CHUNK_ENCODING_METADATA, BlockSchema.CHUNK_ENCODING);
        byte[] data = SeriesRowWriter.write(BlockSchema.of(names, dataColumns), metadata, rows,
                options.rowGroupRows(), options.codec());
        BlockMeta meta = new BlockMeta(spec.id(), spec.minTime(), spec.maxTime(), rows.size(), samples, chunks,
                data.length, names, spec.level(), spec.sources());
        return new EncodedBlock(meta, data);
    }

    private int dataColumns(BlockSpec spec) {
        long span = spec.maxTime() - spec.minTime();
        long columns = (span + options.dataColumnMillis() - 1) / options.dataColumnMillis();
        if (columns > 10_000) {
            throw new IllegalArgumentException("block " + spec.id() + " would need " + columns + " data columns");
        }
        return (int) columns;
    }

    private SeriesRow encode(BlockSpec spec, Series series, int dataColumns) {
        long[] timestamps = series.timestamps();
        double[] values = series.values();
        long first = timestamps[0];
        long last = timestamps[timestamps.length - 1];
        if (first < spec.minTime() || last >= spec.maxTime()) {
            throw new IllegalArgumentException("block " + spec.id() + ": series " + series.labels()
                    + " has samples outside [" + spec.minTime() + ", " + spec.maxTime() + ")");
        }
        byte[][] chunks = new byte[dataColumns][];
        int start = 0;
        while (start < timestamps.length) {
            int column = (int) ((timestamps[start] - spec.minTime()) / options.dataColumnMillis());
            long columnEnd = spec.minTime() + (column + 1) * options.dataColumnMillis();
            int end = start;
            while (end < timestamps.length && timestamps[end] < columnEnd) {
                end++;
            }
            chunks[column] = ChunkCodec.encode(timestamps, values, start, end);
            start = end;
        }
        return new SeriesRow(series.labels(), first, last, chunks);
    }
}
