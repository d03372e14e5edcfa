package io.promless.scrape;

import io.promless.model.MetricMetadata;
import io.promless.model.StaleMarker;
import io.promless.model.labels.Labels;
import io.promless.storage.Appendable;
import io.promless.storage.Appender;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An in-memory sink that keeps what was committed, batch by batch. Thread-safe. */
final class RecordingAppendable implements Appendable {
    record Appended(Labels labels, long timestamp, double value) {
        boolean isStale() {
            return StaleMarker.isStale(value);
        }
    }

    private final List<List<Appended>> batches = new ArrayList<>();
    private final List<MetricMetadata> metadata = new ArrayList<>();
    private volatile boolean failCommits;

    void failCommits(boolean fail) {
        failCommits = fail;
    }

    @Override
    public Appender appender() {
        return new Appender() {
            private final List<Appended> pending = new ArrayList<>();
            private final List<MetricMetadata> pendingMetadata = new ArrayList<>();

            @Override
            public void append(Labels labels, long timestamp, double value) {
                pending.add(new Appended(labels, timestamp, value));
            }

            @Override
            public void appendMetadata(MetricMetadata entry) {
                pendingMetadata.add(entry);
            }

            @Override
            public void commit() {
                if (failCommits) {
                    throw new IllegalStateException("storage unavailable");
                }
                synchronized (RecordingAppendable.this) {
                    batches.add(List.copyOf(pending));
                    metadata.addAll(pendingMetadata);
                }
            }

            @Override
            public void rollback() {
                pending.clear();
            }
        };
    }

    synchronized List<List<Appended>> batches() {
        return List.copyOf(batches);
    }

    synchronized List<Appended> all() {
        return batches.stream().flatMap(List::stream).toList();
    }

    synchronized List<MetricMetadata> metadata() {
        return List.copyOf(metadata);
    }

    synchronized List<Appended> named(String metricName) {
        return all().stream().filter(a -> a.labels().metricName().equals(metricName)).toList();
    }

    /** The value of the newest sample of a series with this metric name (and any labels). */
    synchronized Optional<Double> last(String metricName) {
        List<Appended> matching = named(metricName);
        return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1).value());
    }

    synchronized void clear() {
        batches.clear();
        metadata.clear();
    }
}
