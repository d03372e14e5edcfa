package io.promless.local;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;
import io.promless.storage.Appendable;
import io.promless.storage.Appender;
import io.promless.storage.Series;
import io.promless.tsdb.head.HeadWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes rule output straight into the head, so that the next rule of a group sees what the
 * previous one recorded at the same evaluation, as in Prometheus (the queue would delay it until
 * the ingest worker's next poll). Each commit is one head batch with a fresh id.
 */
final class HeadAppendable implements Appendable {
    private final HeadWriter head;

    HeadAppendable(HeadWriter head) {
        this.head = requireNonNull(head, "head is null");
    }

    @Override
    public Appender appender() {
        Map<Labels, TreeMap<Long, Double>> pending = new TreeMap<>();
        return new Appender() {
            @Override
            public void append(Labels labels, long timestamp, double value) {
                pending.computeIfAbsent(labels, ignored -> new TreeMap<>()).put(timestamp, value);
            }

            @Override
            public void commit() {
                if (pending.isEmpty()) {
                    return;
                }
                List<Series> batch = new ArrayList<>(pending.size());
                pending.forEach((labels, samples) -> {
                    long[] timestamps = new long[samples.size()];
                    double[] values = new double[samples.size()];
                    int i = 0;
                    for (Map.Entry<Long, Double> sample : samples.entrySet()) {
                        timestamps[i] = sample.getKey();
                        values[i] = sample.getValue();
                        i++;
                    }
                    batch.add(new Series(labels, timestamps, values));
                });
                head.write("rules-" + UUID.randomUUID(), batch);
                pending.clear();
            }

            @Override
            public void rollback() {
                pending.clear();
            }
        };
    }
}
