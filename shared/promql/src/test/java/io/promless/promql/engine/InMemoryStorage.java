package io.promless.promql.engine;

import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** A Queryable over a fixed list of series, filtered by matchers and window: the test fake for the engine. */
public final class InMemoryStorage implements Queryable {
    private final List<Series> series;

    public InMemoryStorage(List<Series> series) {
        List<Series> sorted = new ArrayList<>(series);
        sorted.sort(Comparator.comparing(Series::labels));
        this.series = List.copyOf(sorted);
    }

    @Override
    public Querier querier(long minTime, long maxTime) {
        return new Querier() {
            @Override
            public List<Series> select(List<LabelMatcher> matchers) {
                List<Series> result = new ArrayList<>();
                for (Series s : series) {
                    if (!matchesAll(s.labels(), matchers)) {
                        continue;
                    }
                    long[] timestamps = s.timestamps();
                    int from = lowerBound(timestamps, minTime);
                    int to = lowerBound(timestamps, maxTime + 1);
                    if (to > from) {
                        result.add(new Series(s.labels(), Arrays.copyOfRange(timestamps, from, to),
                                Arrays.copyOfRange(s.values(), from, to)));
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
                for (Series s : series) {
                    if (matchesAll(s.labels(), matchers)) {
                        names.addAll(s.labels().names());
                    }
                }
                return List.copyOf(names);
            }

            @Override
            public List<String> labelValues(String name, List<LabelMatcher> matchers) {
                TreeSet<String> values = new TreeSet<>();
                for (Series s : series) {
                    if (matchesAll(s.labels(), matchers) && s.labels().has(name)) {
                        values.add(s.labels().get(name));
                    }
                }
                return List.copyOf(values);
            }

            @Override
            public void close() {}
        };
    }

    private static boolean matchesAll(Labels labels, List<LabelMatcher> matchers) {
        for (LabelMatcher matcher : matchers) {
            if (!matcher.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    private static int lowerBound(long[] timestamps, long time) {
        int low = 0;
        int high = timestamps.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (timestamps[middle] < time) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
