package io.promless.tsdb.head;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * What the head holds, for status pages (/api/v1/status/tsdb): its sample segments ("chunks"),
 * the time they span and every series' labels. Walks the whole store: fine for a page that is
 * rarely asked for, not for a hot path.
 *
 * @param minTime the oldest segment's start; 0 when the head is empty
 * @param maxTime the newest segment's end; 0 when the head is empty
 */
public record HeadSummary(long chunks, long minTime, long maxTime, List<Labels> series) {
    public HeadSummary {
        series = List.copyOf(requireNonNull(series, "series is null"));
    }

    public static HeadSummary of(HeadStore store, HeadOptions options) {
        requireNonNull(store, "store is null");
        requireNonNull(options, "options is null");
        List<Labels> series = new ArrayList<>();
        List<String> metricNames = store.metricNames();
        for (String metricName : metricNames) {
            store.seriesOf(metricName).forEach(entry -> series.add(entry.labels()));
        }
        long chunks = 0;
        long minTime = Long.MAX_VALUE;
        long maxTime = Long.MIN_VALUE;
        for (String partition : metricNames.stream().map(options::partitionOf).distinct().toList()) {
            for (Segment segment : store.segments(partition, Long.MIN_VALUE, Long.MAX_VALUE)) {
                if (SeriesDictionary.isDictionary(segment.data())) {
                    continue;
                }
                chunks++;
                minTime = Math.min(minTime, segment.minTime());
                maxTime = Math.max(maxTime, segment.maxTime());
            }
        }
        return chunks == 0 ? new HeadSummary(0, 0, 0, series) : new HeadSummary(chunks, minTime, maxTime, series);
    }
}
