package io.promless.tsdb.head;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link HeadStore} held in memory, for tests and benchmarks. Thread-safe. */
public final class InMemoryHeadStore implements HeadStore {
    private final Map<String, Map<Long, SeriesEntry>> seriesByMetric = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, Map<SegmentKey, Segment>> segmentsByMetric = new ConcurrentSkipListMap<>();

    @Override
    public boolean putSeriesIfAbsent(SeriesEntry entry) {
        requireNonNull(entry, "entry is null");
        return seriesByMetric.computeIfAbsent(entry.metricName(), name -> new ConcurrentHashMap<>())
                .putIfAbsent(entry.seriesId(), entry) == null;
    }

    @Override
    public List<SeriesEntry> seriesOf(String metricName) {
        requireNonNull(metricName, "metricName is null");
        Map<Long, SeriesEntry> series = seriesByMetric.get(metricName);
        return series == null ? List.of() : List.copyOf(series.values());
    }

    @Override
    public List<String> metricNames() {
        return seriesByMetric.keySet().stream().sorted().toList();
    }

    @Override
    public void putSegments(List<Segment> segments) {
        requireNonNull(segments, "segments is null");
        for (Segment segment : segments) {
            requireNonNull(segment, "segment is null");
            Segment copy = new Segment(segment.key(), segment.minTime(), segment.maxTime(), segment.data().clone(),
                    segment.expiresAtEpochSecond());
            segmentsByMetric.computeIfAbsent(segment.key().metricName(), name -> new ConcurrentHashMap<>())
                    .put(segment.key(), copy);
        }
    }

    @Override
    public List<Segment> segments(String metricName, long minTime, long maxTime) {
        requireNonNull(metricName, "metricName is null");
        Map<SegmentKey, Segment> segments = segmentsByMetric.get(metricName);
        if (segments == null) {
            return List.of();
        }
        List<Segment> overlapping = new ArrayList<>();
        for (Segment segment : segments.values()) {
            if (segment.minTime() <= maxTime && segment.maxTime() >= minTime) {
                overlapping.add(segment);
            }
        }
        return overlapping;
    }

    /** Drops segments whose expiry lies before {@code nowEpochSecond}, as DynamoDB's TTL would. */
    public void deleteExpired(long nowEpochSecond) {
        for (Map<SegmentKey, Segment> segments : segmentsByMetric.values()) {
            segments.values().removeIf(segment -> segment.expiresAtEpochSecond() < nowEpochSecond);
        }
    }
}
