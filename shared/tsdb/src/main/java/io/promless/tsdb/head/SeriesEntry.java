package io.promless.tsdb.head;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;

/** A series index entry: the series' stable id ({@link Labels#hash()}) and its labels. */
public record SeriesEntry(String metricName, long seriesId, Labels labels) {
    public SeriesEntry {
        requireNonNull(metricName, "metricName is null");
        requireNonNull(labels, "labels is null");
    }

    public static SeriesEntry of(Labels labels) {
        return new SeriesEntry(labels.metricName(), labels.hash(), labels);
    }
}
