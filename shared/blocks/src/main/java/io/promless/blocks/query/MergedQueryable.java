package io.promless.blocks.query;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads several queryables as one, typically blocks then head: series with equal labels are
 * merged and a timestamp present in several sources is kept once (from the first source that
 * has it), so a window both compacted and still in the head is never doubled. Thread-safe.
 */
public final class MergedQueryable implements Queryable {
    private final List<Queryable> sources;

    /** @param sources in priority order for duplicate timestamps */
    public MergedQueryable(List<Queryable> sources) {
        this.sources = List.copyOf(requireNonNull(sources, "sources is null"));
        if (this.sources.isEmpty()) {
            throw new IllegalArgumentException("no sources");
        }
    }

    public static MergedQueryable of(Queryable... sources) {
        return new MergedQueryable(List.of(sources));
    }

    @Override
    public Querier querier(long minTime, long maxTime) {
        List<Querier> queriers = new ArrayList<>(sources.size());
        try {
            for (Queryable source : sources) {
                queriers.add(source.querier(minTime, maxTime));
            }
        } catch (RuntimeException e) {
            queriers.forEach(Querier::close);
            throw e;
        }
        return new MergedQuerier(queriers);
    }

    private record MergedQuerier(List<Querier> queriers) implements Querier {
        @Override
        public List<Series> select(List<LabelMatcher> matchers) {
            SeriesMerger merger = new SeriesMerger();
            for (Querier querier : queriers) {
                merger.add(querier.select(matchers));
            }
            return merger.merged();
        }

        @Override
        public List<Labels> series(List<LabelMatcher> matchers) {
            TreeSet<Labels> union = new TreeSet<>();
            for (Querier querier : queriers) {
                union.addAll(querier.series(matchers));
            }
            return List.copyOf(union);
        }

        @Override
        public List<String> labelNames(List<LabelMatcher> matchers) {
            TreeSet<String> union = new TreeSet<>();
            for (Querier querier : queriers) {
                union.addAll(querier.labelNames(matchers));
            }
            return List.copyOf(union);
        }

        @Override
        public List<String> labelValues(String name, List<LabelMatcher> matchers) {
            TreeSet<String> union = new TreeSet<>();
            for (Querier querier : queriers) {
                union.addAll(querier.labelValues(name, matchers));
            }
            return List.copyOf(union);
        }

        @Override
        public List<String> warnings() {
            List<String> all = new ArrayList<>();
            for (Querier querier : queriers) {
                all.addAll(querier.warnings());
            }
            return List.copyOf(all);
        }

        @Override
        public void close() {
            RuntimeException failure = null;
            for (Querier querier : queriers) {
                try {
                    querier.close();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
