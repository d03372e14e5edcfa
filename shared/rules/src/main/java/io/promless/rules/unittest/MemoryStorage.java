package io.promless.rules.unittest;

import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.storage.Appendable;
import io.promless.storage.Appender;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A small in-memory series store for rule unit tests: appends are visible after commit, a later
 * sample at the same timestamp replaces the earlier one. Thread-safe through coarse locking.
 */
public final class MemoryStorage implements Queryable, Appendable {
    private final TreeMap<Labels, TreeMap<Long, Double>> series = new TreeMap<>();

    @Override
    public synchronized Appender appender() {
        List<Object[]> pending = new ArrayList<>();
        return new Appender() {
            @Override
            public void append(Labels labels, long timestamp, double value) {
                pending.add(new Object[] {labels, timestamp, value});
            }

            @Override
            public void commit() {
                synchronized (MemoryStorage.this) {
                    for (Object[] sample : pending) {
                        series.computeIfAbsent((Labels) sample[0], ignored -> new TreeMap<>()).put((Long) sample[1], (Double) sample[2]);
                    }
                }
                pending.clear();
            }

            @Override
            public void rollback() {
                pending.clear();
            }
        };
    }

    @Override
    public Querier querier(long minTime, long maxTime) {
        return new Querier() {
            @Override
            public List<Series> select(List<LabelMatcher> matchers) {
                List<Series> result = new ArrayList<>();
                synchronized (MemoryStorage.this) {
                    for (Map.Entry<Labels, TreeMap<Long, Double>> entry : series.entrySet()) {
                        if (!matches(entry.getKey(), matchers)) {
                            continue;
                        }
                        NavigableMap<Long, Double> window = entry.getValue().subMap(minTime, true, maxTime, true);
                        if (window.isEmpty()) {
                            continue;
                        }
                        long[] timestamps = new long[window.size()];
                        double[] values = new double[window.size()];
                        int i = 0;
                        for (Map.Entry<Long, Double> sample : window.entrySet()) {
                            timestamps[i] = sample.getKey();
                            values[i] = sample.getValue();
                            i++;
                        }
                        result.add(new Series(entry.getKey(), timestamps, values));
                    }
                }
                return result;
            }

            @Override
            public List<Labels> series(List<LabelMatcher> matchers) {
                return select(matchers).stream().map(Series::labels).toList();
            }

            @Override
            public List<String> labelNames(List<LabelMatcher> matchers) {
                TreeSet<String> names = new TreeSet<>();
                series(matchers).forEach(labels -> names.addAll(labels.names()));
                return List.copyOf(names);
            }

            @Override
            public List<String> labelValues(String name, List<LabelMatcher> matchers) {
                TreeSet<String> values = new TreeSet<>();
                series(matchers).forEach(labels -> {
                    if (labels.has(name)) {
                        values.add(labels.get(name));
                    }
                });
                return List.copyOf(values);
            }

            @Override
            public void close() {}
        };
    }

    private static boolean matches(Labels labels, List<LabelMatcher> matchers) {
        for (LabelMatcher matcher : matchers) {
            if (!matcher.matches(labels)) {
                return false;
            }
        }
        return true;
    }
}
