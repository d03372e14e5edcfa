package io.promless.tsdb.head;

import static java.util.Objects.requireNonNull;

import io.promless.tsdb.chunkenc.ByteOutput;
import io.promless.tsdb.chunkenc.DecimalColumnCodec;
import io.promless.tsdb.chunkenc.DecimalValueCodec;
import io.promless.tsdb.chunkenc.XorChunkEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes the samples of one metric, bucket and shard into one segment (layout in
 * docs/head-format.md). The output depends only on the input samples, never on their order
 * or the time of day, which is what makes rewriting a redelivered batch a no-op.
 *
 * <p>Two layouts: scrape groups, when series carry about one sample each (a scrape per queue
 * message): one timestamp per group, the group's series named by a shared dictionary, and
 * each value decimal-coded; and series chunks, when series carry several samples (remote
 * write from a Prometheus server): one XOR chunk per series. Stateless and thread-safe.
 */
public final class SegmentEncoder {
    /** Above this many samples per series on average, per-series XOR chunks are smaller. */
    private static final int CHUNK_LAYOUT_MIN_SAMPLES_PER_SERIES = 2;

    private SegmentEncoder() {}

    /** @throws IllegalArgumentException when there are no samples or a series id repeats */
    public static EncodedSegment encode(List<SeriesSamples> input) {
        requireNonNull(input, "input is null");
        List<SeriesSamples> series = new ArrayList<>(input.size());
        int samples = 0;
        for (SeriesSamples one : input) {
            requireNonNull(one, "series samples is null");
            if (one.size() > 0) {
                SeriesSamples sorted = sortedWithoutDuplicates(one);
                series.add(sorted);
                samples += sorted.size();
            }
        }
        if (samples == 0) {
            throw new IllegalArgumentException("a segment needs at least one sample");
        }
        SeriesOrder.sortById(series);
        for (int i = 1; i < series.size(); i++) {
            if (series.get(i).seriesId() == series.get(i - 1).seriesId()) {
                throw new IllegalArgumentException("series id repeats in one segment: " + series.get(i).seriesId());
            }
        }
        if (samples > CHUNK_LAYOUT_MIN_SAMPLES_PER_SERIES * series.size()) {
            return encodeSeriesChunks(series, samples);
        }
        return encodeScrapeGroups(series, samples);
    }

    private static EncodedSegment encodeScrapeGroups(List<SeriesSamples> series, int samples) {
        TreeMap<Long, Group> groups = groupsByTimestamp(series, samples);
        long minTime = groups.firstKey();
        long maxTime = groups.lastKey();
        ByteOutput out = new ByteOutput(16 + samples * 4);
        List<SeriesDictionary> dictionaries = new ArrayList<>();
        if (samples == 1) {
            out.writeByte(SegmentFormat.SINGLE_SAMPLE.headerByte());
            Group only = groups.firstEntry().getValue();
            out.writeLong(only.ids[0]);
            DecimalValueCodec.write(out, only.values[0]);
        } else if (groups.size() == 1) {
            out.writeByte(SegmentFormat.SINGLE_SCRAPE_GROUP.headerByte());
            writeGroup(out, groups.firstEntry().getValue(), dictionaries);
        } else {
            out.writeByte(SegmentFormat.SCRAPE_GROUPS.headerByte());
            out.writeUnsignedVarint(groups.size());
            long previousTimestamp = minTime;
            for (Map.Entry<Long, Group> entry : groups.entrySet()) {
                out.writeUnsignedVarint(entry.getKey() - previousTimestamp);
                previousTimestamp = entry.getKey();
                writeGroup(out, entry.getValue(), dictionaries);
            }
        }
        return new EncodedSegment(out.toByteArray(), minTime, maxTime, samples, dictionaries);
    }

    /** Series are in ascending id order, so each group collects its ids already sorted. */
    private static TreeMap<Long, Group> groupsByTimestamp(List<SeriesSamples> series, int samples) {
        TreeMap<Long, Group> groups = new TreeMap<>();
        long first = series.get(0).timestamps()[0];
        boolean oneScrape = samples == series.size();
        for (int i = 1; i < series.size() && oneScrape; i++) {
            oneScrape = series.get(i).timestamps()[0] == first;
        }
        if (oneScrape) {
            // The common case, one scrape per segment: one group, filled without a map lookup per sample.
            Group group = new Group(samples);
            for (SeriesSamples one : series) {
                group.add(one.seriesId(), one.values()[0]);
            }
            groups.put(first, group);
            return groups;
        }
        for (SeriesSamples one : series) {
            for (int i = 0; i < one.size(); i++) {
                groups.computeIfAbsent(one.timestamps()[i], timestamp -> new Group(4))
                        .add(one.seriesId(), one.values()[i]);
            }
        }
        return groups;
    }

    /** {@code count, series id or dictionary hash, values}; a lone value needs no shared scale. */
    private static void writeGroup(ByteOutput out, Group group, List<SeriesDictionary> dictionaries) {
        out.writeUnsignedVarint(group.size);
        if (group.size == 1) {
            out.writeLong(group.ids[0]);
            DecimalValueCodec.write(out, group.values[0]);
            return;
        }
        SeriesDictionary dictionary = SeriesDictionary.of(Arrays.copyOf(group.ids, group.size));
        if (!dictionaries.contains(dictionary)) {
            dictionaries.add(dictionary);
        }
        out.writeLong(dictionary.hash());
        DecimalColumnCodec.write(out, group.values, group.size);
    }

    private static EncodedSegment encodeSeriesChunks(List<SeriesSamples> series, int samples) {
        long minTime = Long.MAX_VALUE;
        long maxTime = Long.MIN_VALUE;
        for (SeriesSamples one : series) {
            minTime = Math.min(minTime, one.timestamps()[0]);
            maxTime = Math.max(maxTime, one.timestamps()[one.size() - 1]);
        }
        ByteOutput out = new ByteOutput(16 + samples * 2);
        out.writeByte(SegmentFormat.SERIES_CHUNKS.headerByte());
        out.writeUnsignedVarint(series.size());
        for (SeriesSamples one : series) {
            XorChunkEncoder encoder = new XorChunkEncoder();
            for (int i = 0; i < one.size(); i++) {
                encoder.append(one.timestamps()[i] - minTime, one.values()[i]);
            }
            byte[] bytes = encoder.encode();
            out.writeLong(one.seriesId());
            out.writeUnsignedVarint(bytes.length);
            out.writeBytes(bytes);
        }
        return new EncodedSegment(out.toByteArray(), minTime, maxTime, samples, List.of());
    }

    /** Sorts by timestamp keeping the first sample of a repeated timestamp; copies only when needed. */
    private static SeriesSamples sortedWithoutDuplicates(SeriesSamples one) {
        long[] timestamps = one.timestamps();
        boolean strictlyAscending = true;
        for (int i = 1; i < timestamps.length && strictlyAscending; i++) {
            strictlyAscending = timestamps[i] > timestamps[i - 1];
        }
        if (strictlyAscending) {
            return one;
        }
        Integer[] order = new Integer[timestamps.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // A stable sort, so among equal timestamps the first one written wins.
        Arrays.sort(order, Comparator.comparingLong(index -> timestamps[index]));
        long[] sortedTimestamps = new long[order.length];
        double[] sortedValues = new double[order.length];
        int size = 0;
        for (Integer index : order) {
            if (size > 0 && sortedTimestamps[size - 1] == timestamps[index]) {
                continue;
            }
            sortedTimestamps[size] = timestamps[index];
            sortedValues[size] = one.values()[index];
            size++;
        }
        return new SeriesSamples(one.seriesId(), Arrays.copyOf(sortedTimestamps, size), Arrays.copyOf(sortedValues, size));
    }

    private static final class Group {
        private long[] ids;
        private double[] values;
        private int size;

        Group(int capacity) {
            ids = new long[capacity];
            values = new double[capacity];
        }

        void add(long id, double value) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            ids[size] = id;
            values[size] = value;
            size++;
        }
    }
}
