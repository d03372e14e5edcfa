package io.promless.tsdb.head;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;
import io.promless.storage.Series;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes batches into a {@link HeadStore}: one segment per metric (or metric group, see
 * {@link HeadOptions#metricGroups()}), time bucket and shard
 * (split further only when very large), the series index entry of each series this writer has
 * not seen yet, and the series dictionaries the segments refer to, stored before the segments.
 *
 * <p>Idempotent: segment ids derive from the batch id and the bytes from the samples alone, so a
 * redelivered batch rewrites identical items. Expiry comes from the samples' buckets, never from
 * the clock. Thread-safe; the caches of known series and dictionaries only save writes.
 */
public final class SegmentHeadWriter implements HeadWriter {
    private static final int MAX_PLAIN_BATCH_ID_LENGTH = 64;
    private static final int KNOWN_DICTIONARIES_LIMIT = 200_000;

    private final HeadStore store;
    private final HeadOptions options;
    private final LongHashSet knownSeries = new LongHashSet(); // guarded by itself
    private final Set<DictionaryKey> knownDictionaries = ConcurrentHashMap.newKeySet();
    private final LongAdder samplesWritten = new LongAdder();
    private final LongAdder segmentsWritten = new LongAdder();
    private final LongAdder segmentBytesWritten = new LongAdder();
    private final LongAdder dictionariesWritten = new LongAdder();
    private final LongAdder seriesCreated = new LongAdder();

    public SegmentHeadWriter(HeadStore store, HeadOptions options) {
        this.store = requireNonNull(store, "store is null");
        this.options = requireNonNull(options, "options is null");
    }

    public SegmentHeadWriter(HeadStore store) {
        this(store, HeadOptions.defaults());
    }

    /** @throws IllegalArgumentException for an empty batch id or a series without a metric name */
    @Override
    public void write(String batchId, List<Series> series) {
        requireNonNull(batchId, "batchId is null");
        requireNonNull(series, "series is null");
        if (batchId.isEmpty()) {
            throw new IllegalArgumentException("batchId is empty");
        }
        Map<PartitionKey, List<SeriesSamples>> partitions = partition(series);
        if (partitions.isEmpty()) {
            return;
        }
        writeNewSeries(series);
        String baseId = "b." + compactBatchId(batchId);
        List<Segment> dictionarySegments = new ArrayList<>();
        List<DictionaryKey> newDictionaries = new ArrayList<>();
        List<Segment> sampleSegments = new ArrayList<>();
        long samples = 0;
        for (Map.Entry<PartitionKey, List<SeriesSamples>> partition : partitions.entrySet()) {
            PartitionKey key = partition.getKey();
            long expires = options.expiresAtEpochSecond(key.bucketStart());
            List<List<SeriesSamples>> parts = splitIntoParts(partition.getValue());
            for (int part = 0; part < parts.size(); part++) {
                EncodedSegment encoded = SegmentEncoder.encode(parts.get(part));
                String id = parts.size() == 1 ? baseId : baseId + "." + part;
                sampleSegments.add(new Segment(key.segmentKey(id), encoded.minTime(), encoded.maxTime(), encoded.data(), expires));
                samples += encoded.sampleCount();
                for (SeriesDictionary dictionary : encoded.dictionaries()) {
                    DictionaryKey dictionaryKey = new DictionaryKey(key, dictionary.hash());
                    if (!knownDictionaries.contains(dictionaryKey) && !newDictionaries.contains(dictionaryKey)) {
                        newDictionaries.add(dictionaryKey);
                        long bucketEnd = key.bucketStart() + options.bucketMillis() - 1;
                        dictionarySegments.add(new Segment(key.segmentKey(dictionary.segmentId()), key.bucketStart(),
                                bucketEnd, dictionary.encode(), expires));
                    }
                }
            }
        }
        if (!dictionarySegments.isEmpty()) {
            store.putSegments(dictionarySegments);
            dictionariesWritten.add(dictionarySegments.size());
            segmentBytesWritten.add(totalBytes(dictionarySegments));
        }
        store.putSegments(sampleSegments);
        if (knownDictionaries.size() > KNOWN_DICTIONARIES_LIMIT) {
            knownDictionaries.clear();
        }
        knownDictionaries.addAll(newDictionaries);
        segmentsWritten.add(sampleSegments.size());
        segmentBytesWritten.add(totalBytes(sampleSegments));
        samplesWritten.add(samples);
    }

    /** Samples written (after de-duplication within a batch). */
    public long samplesWritten() {
        return samplesWritten.sum();
    }

    /** Sample segments written, dictionaries not included. */
    public long segmentsWritten() {
        return segmentsWritten.sum();
    }

    public long dictionariesWritten() {
        return dictionariesWritten.sum();
    }

    /** Bytes of segment data written, dictionaries included; divide by samples for bytes per sample. */
    public long segmentBytesWritten() {
        return segmentBytesWritten.sum();
    }

    /** Series index entries this writer created (false returns of putSeriesIfAbsent not counted). */
    public long seriesCreated() {
        return seriesCreated.sum();
    }

    /**
     * Groups samples by metric and bucket, then spreads each group over as many shards as its size
     * needs. Each partition's series come out in ascending id order, samples of a series that
     * appears twice joined in arrival order.
     */
    private Map<PartitionKey, List<SeriesSamples>> partition(List<Series> series) {
        Map<PartitionKey, List<SeriesSamples>> byBucket = new LinkedHashMap<>();
        String lastMetricName = null;
        String lastPartition = null;
        PartitionKey lastKey = null;
        List<SeriesSamples> lastList = null;
        for (Series one : series) {
            requireNonNull(one, "series is null");
            if (one.size() == 0) {
                continue;
            }
            String metricName = one.labels().metricName();
            if (metricName.isEmpty()) {
                throw new IllegalArgumentException("series without a metric name: " + one.labels());
            }
            if (metricName != lastMetricName) {
                // Label strings are shared between the series of a request, so this usually skips the hashing.
                lastPartition = options.partitionOf(metricName);
                lastMetricName = metricName;
            }
            long seriesId = one.labels().hash();
            long[] timestamps = one.timestamps();
            long bucketStart = options.bucketStart(timestamps[0]);
            if (isOneBucket(timestamps, bucketStart)) {
                if (lastKey == null || lastKey.metricName() != lastPartition || lastKey.bucketStart() != bucketStart) {
                    lastKey = new PartitionKey(lastPartition, bucketStart, 0);
                    lastList = byBucket.computeIfAbsent(lastKey, k -> new ArrayList<>());
                }
                lastList.add(new SeriesSamples(seriesId, timestamps, one.values()));
                continue;
            }
            splitByBucket(byBucket, lastPartition, seriesId, one);
        }
        Map<PartitionKey, List<SeriesSamples>> partitions = new LinkedHashMap<>();
        for (Map.Entry<PartitionKey, List<SeriesSamples>> bucket : byBucket.entrySet()) {
            List<SeriesSamples> distinct = sortedAndMerged(bucket.getValue());
            int shards = options.shardsFor(distinct.size());
            PartitionKey unsharded = bucket.getKey();
            if (shards == 1) {
                partitions.put(unsharded, distinct);
                continue;
            }
            for (SeriesSamples one : distinct) {
                int shard = HeadOptions.shardOf(one.seriesId(), shards);
                partitions.computeIfAbsent(new PartitionKey(unsharded.metricName(), unsharded.bucketStart(), shard),
                        k -> new ArrayList<>()).add(one);
            }
        }
        return partitions;
    }

    private boolean isOneBucket(long[] timestamps, long bucketStart) {
        long bucketEnd = bucketStart + options.bucketMillis();
        for (long timestamp : timestamps) {
            if (timestamp < bucketStart || timestamp >= bucketEnd) {
                return false;
            }
        }
        return true;
    }

    /** The rare series whose samples cross a bucket boundary: one piece per bucket. */
    private void splitByBucket(Map<PartitionKey, List<SeriesSamples>> byBucket, String partition, long seriesId,
            Series one) {
        Map<Long, SampleBuffer> pieces = new LinkedHashMap<>();
        for (int i = 0; i < one.size(); i++) {
            long timestamp = one.timestamps()[i];
            pieces.computeIfAbsent(options.bucketStart(timestamp), bucket -> new SampleBuffer(seriesId))
                    .add(timestamp, one.values()[i]);
        }
        for (Map.Entry<Long, SampleBuffer> piece : pieces.entrySet()) {
            byBucket.computeIfAbsent(new PartitionKey(partition, piece.getKey(), 0), k -> new ArrayList<>())
                    .add(piece.getValue().toSeriesSamples());
        }
    }

    /** Sorts by series id (stably) and joins the samples of a series listed more than once. */
    private static List<SeriesSamples> sortedAndMerged(List<SeriesSamples> series) {
        SeriesOrder.sortById(series);
        boolean repeats = false;
        for (int i = 1; i < series.size() && !repeats; i++) {
            repeats = series.get(i).seriesId() == series.get(i - 1).seriesId();
        }
        if (!repeats) {
            return series;
        }
        List<SeriesSamples> merged = new ArrayList<>(series.size());
        for (SeriesSamples one : series) {
            int last = merged.size() - 1;
            if (last >= 0 && merged.get(last).seriesId() == one.seriesId()) {
                merged.set(last, joined(merged.get(last), one));
            } else {
                merged.add(one);
            }
        }
        return merged;
    }

    private static SeriesSamples joined(SeriesSamples first, SeriesSamples second) {
        long[] timestamps = Arrays.copyOf(first.timestamps(), first.size() + second.size());
        System.arraycopy(second.timestamps(), 0, timestamps, first.size(), second.size());
        double[] values = Arrays.copyOf(first.values(), first.size() + second.size());
        System.arraycopy(second.values(), 0, values, first.size(), second.size());
        return new SeriesSamples(first.seriesId(), timestamps, values);
    }

    private void writeNewSeries(List<Series> series) {
        List<Labels> unknown = new ArrayList<>();
        synchronized (knownSeries) {
            for (Series one : series) {
                if (one.size() > 0 && !knownSeries.contains(one.labels().hash())) {
                    unknown.add(one.labels());
                }
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        // The store is called outside the lock; a series written twice meanwhile is only a repeated conditional put.
        LongHashSet putNow = new LongHashSet();
        for (Labels labels : unknown) {
            if (!putNow.add(labels.hash())) {
                continue;
            }
            if (store.putSeriesIfAbsent(SeriesEntry.of(labels))) {
                seriesCreated.increment();
            }
            synchronized (knownSeries) {
                knownSeries.add(labels.hash());
            }
        }
    }

    /** One list of series per segment; splits by series id ranges when a partition is too large. */
    private List<List<SeriesSamples>> splitIntoParts(List<SeriesSamples> sortedSeries) {
        int total = 0;
        for (SeriesSamples one : sortedSeries) {
            total += one.size();
        }
        if (total <= options.maxSamplesPerSegment()) {
            return List.of(sortedSeries);
        }
        List<List<SeriesSamples>> parts = new ArrayList<>();
        List<SeriesSamples> current = new ArrayList<>();
        int currentSamples = 0;
        for (SeriesSamples one : sortedSeries) {
            if (!current.isEmpty() && currentSamples + one.size() > options.maxSamplesPerSegment()) {
                parts.add(current);
                current = new ArrayList<>();
                currentSamples = 0;
            }
            current.add(one);
            currentSamples += one.size();
        }
        parts.add(current);
        return parts;
    }

    /** Short batch ids are kept readable; long ones (many message ids joined) become a digest. */
    static String compactBatchId(String batchId) {
        if (batchId.length() <= MAX_PLAIN_BATCH_ID_LENGTH) {
            return batchId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(batchId.getBytes(StandardCharsets.UTF_8));
            return "h" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static long totalBytes(List<Segment> segments) {
        long bytes = 0;
        for (Segment segment : segments) {
            bytes += segment.data().length;
        }
        return bytes;
    }

    private record PartitionKey(String metricName, long bucketStart, int shard) {
        SegmentKey segmentKey(String id) {
            return new SegmentKey(metricName, bucketStart, shard, id);
        }
    }

    private record DictionaryKey(PartitionKey partition, long hash) {}

    private static final class SampleBuffer {
        private final long seriesId;
        private long[] timestamps = new long[2];
        private double[] values = new double[2];
        private int size;

        SampleBuffer(long seriesId) {
            this.seriesId = seriesId;
        }

        void add(long timestamp, double value) {
            if (size == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            timestamps[size] = timestamp;
            values[size] = value;
            size++;
        }

        SeriesSamples toSeriesSamples() {
            return new SeriesSamples(seriesId, Arrays.copyOf(timestamps, size), Arrays.copyOf(values, size));
        }
    }
}
