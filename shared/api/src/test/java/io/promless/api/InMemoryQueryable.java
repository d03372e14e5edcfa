package io.promless.api;

import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** A Queryable over a fixed list of series, recording the windows it was opened for. */
public final class InMemoryQueryable implements Queryable {
    private final List<Series> series;
    final List<long[]> openedWindows = new ArrayList<>();
    int openQueriers;

    public InMemoryQueryable(List<Series> series) {
        this.series = series.stream().sorted(Comparator.comparing(Series::labels)).toList();
    }

    public static Series series(Labels labels, long... timestampsAndValues) {
        long[] timestamps = new long[timestampsAndValues.length / 2];
        double[] values = new double[timestamps.length];
        for (int i = 0; i < timestamps.length; i++) {
            timestamps[i] = timestampsAndValues[2 * i];
            values[i] = timestampsAndValues[2 * i + 1];
        }
        return new Series(labels, timestamps, values);
    }

    @Override
    public synchronized Querier querier(long minTime, long maxTime) {
        openedWindows.add(new long[] {minTime, maxTime});
        openQueriers++;
        return new Querier() {
            @Override
            public List<Series> select(List<LabelMatcher> matchers) {
                return matching(matchers).stream().map(this::window).filter(s -> s.size() > 0).toList();
            }

            private Series window(Series s) {
                List<Integer> kept = new ArrayList<>();
                for (int i = 0; i < s.size(); i++) {
                    if (s.timestamps()[i] >= minTime && s.timestamps()[i] <= maxTime) {
                        kept.add(i);
                    }
                }
                long[] timestamps = kept.stream().mapToLong(i -> s.timestamps()[i]).toArray();
                double[] values = kept.stream().mapToDouble(i -> s.values()[i]).toArray();
                return new Series(s.labels(), timestamps, values);
            }

            @Override
            public List<Labels> series(List<LabelMatcher> matchers) {
                return select(matchers).stream().map(Series::labels).toList();
            }

            @Override
            public List<String> labelNames(List<LabelMatcher> matchers) {
                TreeSet<String> names = new TreeSet<>();
                select(matchers).forEach(s -> names.addAll(s.labels().names()));
                return new ArrayList<>(names);
            }

            @Override
            public List<String> labelValues(String name, List<LabelMatcher> matchers) {
                TreeSet<String> values = new TreeSet<>();
                select(matchers).stream().filter(s -> s.labels().has(name)).forEach(s -> values.add(s.labels().get(name)));
                return new ArrayList<>(values);
            }

            @Override
            public void close() {
                synchronized (InMemoryQueryable.this) {
                    openQueriers--;
                }
            }
        };
    }

    private List<Series> matching(List<LabelMatcher> matchers) {
        return series.stream().filter(s -> matchers.stream().allMatch(m -> m.matches(s.labels()))).toList();
    }
}
