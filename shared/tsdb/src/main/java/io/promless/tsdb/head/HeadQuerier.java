package io.promless.tsdb.head;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.model.labels.MatchType;
import io.promless.storage.Querier;
import io.promless.storage.Series;
import io.promless.tsdb.chunkenc.CorruptEncodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/** One head read over a fixed window; see {@link HeadQueryable}. Single-threaded. */
final class HeadQuerier implements Querier {
    private static final System.Logger LOG = System.getLogger(HeadQuerier.class.getName());
    private static final Comparator<Segment> STORAGE_ORDER = Comparator
            .comparingLong((Segment segment) -> segment.key().bucketStart())
            .thenComparingInt(segment -> segment.key().shard())
            .thenComparing(segment -> segment.key().id());

    private final HeadStore store;
    private final HeadOptions options;
    private final long minTime;
    private final long maxTime;
    private final LongAdder corruptSegments;
    private boolean closed;

    HeadQuerier(HeadStore store, HeadOptions options, long minTime, long maxTime, LongAdder corruptSegments) {
        this.store = store;
        this.options = options;
        this.minTime = minTime;
        this.maxTime = maxTime;
        this.corruptSegments = corruptSegments;
    }

    @Override
    public List<Series> select(List<LabelMatcher> matchers) {
        checkOpen();
        Objects.requireNonNull(matchers, "matchers is null");
        if (matchers.stream().allMatch(LabelMatcher::matchesEmpty)) {
            throw new PromlessException(ErrorType.BAD_DATA,
                    "vector selector must contain at least one non-empty matcher");
        }
        List<Series> result = new ArrayList<>();
        for (Map.Entry<String, Map<Long, SeriesEntry>> partition : candidatesByPartition(matchers).entrySet()) {
            Map<Long, SeriesEntry> candidates = partition.getValue();
            Map<Long, SampleCollector> collected = new HashMap<>();
            readSamples(partition.getKey(), (seriesId, timestamp, value) -> {
                if (timestamp < minTime || timestamp > maxTime) {
                    return;
                }
                SeriesEntry entry = candidates.get(seriesId);
                if (entry != null) {
                    collected.computeIfAbsent(seriesId, id -> new SampleCollector(entry.labels())).add(timestamp, value);
                }
            });
            for (SampleCollector collector : collected.values()) {
                result.add(collector.toSeries());
            }
        }
        result.sort(Comparator.comparing(Series::labels));
        return result;
    }

    @Override
    public List<Labels> series(List<LabelMatcher> matchers) {
        checkOpen();
        Objects.requireNonNull(matchers, "matchers is null");
        List<Labels> result = seriesWithSamples(matchers);
        result.sort(Comparator.naturalOrder());
        return result;
    }

    @Override
    public List<String> labelNames(List<LabelMatcher> matchers) {
        checkOpen();
        Objects.requireNonNull(matchers, "matchers is null");
        TreeSet<String> names = new TreeSet<>();
        for (Labels labels : seriesWithSamples(matchers)) {
            names.addAll(labels.names());
        }
        return List.copyOf(names);
    }

    @Override
    public List<String> labelValues(String name, List<LabelMatcher> matchers) {
        checkOpen();
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(matchers, "matchers is null");
        TreeSet<String> values = new TreeSet<>();
        for (Labels labels : seriesWithSamples(matchers)) {
            String value = labels.get(name);
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
        return List.copyOf(values);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Label sets of the series that match and have at least one sample in the window. */
    private List<Labels> seriesWithSamples(List<LabelMatcher> matchers) {
        List<Labels> result = new ArrayList<>();
        for (Map.Entry<String, Map<Long, SeriesEntry>> partition : candidatesByPartition(matchers).entrySet()) {
            Map<Long, SeriesEntry> candidates = partition.getValue();
            Map<Long, Labels> found = new HashMap<>();
            readSamples(partition.getKey(), (seriesId, timestamp, value) -> {
                if (timestamp >= minTime && timestamp <= maxTime && !found.containsKey(seriesId)) {
                    SeriesEntry entry = candidates.get(seriesId);
                    if (entry != null) {
                        found.put(seriesId, entry.labels());
                    }
                }
            });
            result.addAll(found.values());
        }
        return result;
    }

    /** Metric names worth reading: the one an equality matcher names, else those the name matchers accept. */
    private List<String> candidateMetrics(List<LabelMatcher> matchers) {
        List<LabelMatcher> nameMatchers = new ArrayList<>();
        for (LabelMatcher matcher : matchers) {
            if (matcher.name().equals(Labels.METRIC_NAME)) {
                if (matcher.type() == MatchType.EQUAL) {
                    return matchers.stream().filter(m -> m.name().equals(Labels.METRIC_NAME))
                            .allMatch(m -> m.matches(matcher.value())) ? List.of(matcher.value()) : List.of();
                }
                nameMatchers.add(matcher);
            }
        }
        List<String> names = new ArrayList<>();
        for (String name : store.metricNames()) {
            if (nameMatchers.stream().allMatch(matcher -> matcher.matches(name))) {
                names.add(name);
            }
        }
        return names;
    }

    /** Matching index entries by the partition their segments live in; partitions without a match are left out. */
    private Map<String, Map<Long, SeriesEntry>> candidatesByPartition(List<LabelMatcher> matchers) {
        Map<String, Map<Long, SeriesEntry>> byPartition = new LinkedHashMap<>();
        for (String metricName : candidateMetrics(matchers)) {
            for (SeriesEntry entry : store.seriesOf(metricName)) {
                if (matchesAll(entry.labels(), matchers)) {
                    byPartition.computeIfAbsent(options.partitionOf(metricName), name -> new HashMap<>())
                            .put(entry.seriesId(), entry);
                }
            }
        }
        return byPartition;
    }

    private static boolean matchesAll(Labels labels, List<LabelMatcher> matchers) {
        for (LabelMatcher matcher : matchers) {
            if (!matcher.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Decodes a partition's segments overlapping the window in a stable order; corrupt ones are skipped and counted. */
    private void readSamples(String partition, SampleConsumer consumer) {
        List<Segment> segments = new ArrayList<>(store.segments(partition, minTime, maxTime));
        Map<Long, SeriesDictionary> dictionaries = new HashMap<>();
        List<Segment> sampleSegments = new ArrayList<>(segments.size());
        for (Segment segment : segments) {
            try {
                if (SeriesDictionary.isDictionary(segment.data())) {
                    SeriesDictionary dictionary = SeriesDictionary.decode(segment.data());
                    dictionaries.put(dictionary.hash(), dictionary);
                } else {
                    sampleSegments.add(segment);
                }
            } catch (CorruptEncodingException e) {
                skip(segment, e);
            }
        }
        sampleSegments.sort(STORAGE_ORDER);
        for (Segment segment : sampleSegments) {
            try {
                SegmentDecoder.decode(segment, dictionaries::get, consumer);
            } catch (CorruptEncodingException e) {
                // Samples already handed over stay; the rest of this segment is lost to this query only.
                skip(segment, e);
            }
        }
    }

    private void skip(Segment segment, CorruptEncodingException e) {
        corruptSegments.increment();
        LOG.log(System.Logger.Level.WARNING, "skipping undecodable head segment " + segment.key() + ": " + e.getMessage());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("querier is closed");
        }
    }

    /** Gathers one series' samples, then sorts them and keeps the first of each timestamp. */
    private static final class SampleCollector {
        private final Labels labels;
        private long[] timestamps = new long[4];
        private double[] values = new double[4];
        private int size;
        private boolean sorted = true;

        SampleCollector(Labels labels) {
            this.labels = labels;
        }

        void add(long timestamp, double value) {
            if (size == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            if (size > 0 && timestamp <= timestamps[size - 1]) {
                sorted = false;
            }
            timestamps[size] = timestamp;
            values[size] = value;
            size++;
        }

        Series toSeries() {
            if (sorted) {
                return new Series(labels, Arrays.copyOf(timestamps, size), Arrays.copyOf(values, size));
            }
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            long[] unsortedTimestamps = timestamps;
            Arrays.sort(order, Comparator.comparingLong(index -> unsortedTimestamps[index]));
            long[] outTimestamps = new long[size];
            double[] outValues = new double[size];
            int count = 0;
            for (Integer index : order) {
                if (count > 0 && outTimestamps[count - 1] == timestamps[index]) {
                    continue;
                }
                outTimestamps[count] = timestamps[index];
                outValues[count] = values[index];
                count++;
            }
            return new Series(labels, Arrays.copyOf(outTimestamps, count), Arrays.copyOf(outValues, count));
        }
    }
}
