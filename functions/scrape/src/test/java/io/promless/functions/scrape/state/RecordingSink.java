package io.promless.functions.scrape.state;

import io.promless.model.MetricMetadata;
import io.promless.model.StaleMarker;
import io.promless.model.labels.Labels;
import io.promless.storage.Appendable;
import io.promless.storage.Appender;
import java.util.ArrayList;
import java.util.List;

/** Keeps committed samples; tests read the stale markers written at a given time. Thread-safe. */
final class RecordingSink implements Appendable {
    record Sample(Labels labels, long timestamp, double value) {}

    private final List<Sample> committed = new ArrayList<>();

    @Override
    public Appender appender() {
        return new Appender() {
            private final List<Sample> pending = new ArrayList<>();

            @Override
            public void append(Labels labels, long timestamp, double value) {
                pending.add(new Sample(labels, timestamp, value));
            }

            @Override
            public void appendMetadata(MetricMetadata entry) {}

            @Override
            public void commit() {
                synchronized (RecordingSink.this) {
                    committed.addAll(pending);
                }
                pending.clear();
            }

            @Override
            public void rollback() {
                pending.clear();
            }
        };
    }

    /** Metric names of the stale markers written at this time (with the job when asked), sorted. */
    synchronized List<String> staleAt(long timestamp) {
        List<String> stale = new ArrayList<>();
        for (Sample sample : committed) {
            if (sample.timestamp() == timestamp && StaleMarker.isStale(sample.value())) {
                stale.add(sample.labels().metricName());
            }
        }
        stale.sort(null);
        return stale;
    }

    synchronized List<Sample> at(long timestamp) {
        return committed.stream().filter(sample -> sample.timestamp() == timestamp).toList();
    }
}
