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

    /**
     * Writes series that arrive one at a time, so a merge never holds all its input: each is
     * encoded and handed to Parquet when taken from the iterator, and only the encoded file is
     * kept. The label names must be known up front (they are the schema's columns).
     *
     * @param labelNames every label name the series may use (e.g. the union of the source blocks')
     * @param ordered strictly ascending in {@link #ROW_ORDER}; series without samples are left out
     * @throws IllegalArgumentException for series out of order, repeated, with an unlisted label
     *     name or with samples outside the block's range
     */
    public EncodedBlock write(BlockSpec spec, java.util.Collection<String> labelNames, java.util.Iterator<Series> ordered) {
        requireNonNull(spec, "spec is null");
        requireNonNull(labelNames, "labelNames is null");
        requireNonNull(ordered, "ordered is null");
        int dataColumns = dataColumns(spec);
        TreeSet<String> allowed = new TreeSet<>(labelNames);
        List<String> names = List.copyOf(allowed);
        TreeSet<String> used = new TreeSet<>();
        long[] counts = new long[3]; // rows, samples, chunks
        java.util.Iterator<SeriesRow> rows = new java.util.Iterator<>() {
            private Series next = advance();
            private Labels previous;

            private Series advance() {
                while (ordered.hasNext()) {
                    Series one = requireNonNull(ordered.next(), "series is null");
                    if (one.size() > 0) {
                        return one;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public SeriesRow next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                Series one = next;
                if (previous != null && ROW_ORDER.compare(previous, one.labels()) >= 0) {
                    throw new IllegalArgumentException("block " + spec.id() + ": series " + one.labels()
                            + " is not after " + previous + " in row order");
                }
                for (String name : one.labels().names()) {
                    if (!allowed.contains(name)) {
                        throw new IllegalArgumentException("block " + spec.id() + ": series " + one.labels()
                                + " has label " + name + ", which is not among the block's label names");
                    }
                    used.add(name);
                }
                previous = one.labels();
                SeriesRow row = encode(spec, one, dataColumns);
                counts[0]++;
                counts[1] += one.size();
                for (byte[] chunk : row.chunks()) {
                    counts[2] += chunk == null ? 0 : 1;
                }
                next = advance();
                return row;
            }
        };
        byte[] data = SeriesRowWriter.write(BlockSchema.of(names, dataColumns), fileMetadata(spec), rows,
                options.rowGroupRows(), options.codec());
        BlockMeta meta = new BlockMeta(spec.id(), spec.minTime(), spec.maxTime(), counts[0], counts[1], counts[2],
                data.length, List.copyOf(used), spec.level(), spec.sources());
        return new EncodedBlock(meta, data);
    }

    private Map<String, String> fileMetadata(BlockSpec spec) {
        return Map.of(
                BlockSchema.MIN_TIME_METADATA, Long.toString(spec.minTime()),
                BlockSchema.MAX_TIME_METADATA, Long.toString(spec.maxTime()),
                BlockSchema.DATA_COLUMN_DURATION_METADATA, Long.toString(options.dataColumnMillis()),
                BlockSchema.BLOCK_ID_METADATA, spec.id(),
                BlockSchema.CHUNK_ENCODING_METADATA, BlockSchema.CHUNK_ENCODING);
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
