package io.promless.promql.engine;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Name dropping and the check that no two series of one step end up with the same labels. */
final class SeriesMerger {
    private SeriesMerger() {}

    /** Marks or strips the metric name, depending on whether name removal is delayed. */
    static StepSeries dropName(StepSeries series, boolean delayed, double[] values, boolean[] present) {
        if (delayed) {
            return new StepSeries(series.labels, true, values, present);
        }
        return new StepSeries(MetricNames.drop(series.labels), false, values, present);
    }

    /** Merges series with equal labels that never share a step; equal labels at one step is an error. */
    static List<StepSeries> merge(List<StepSeries> series) {
        Map<Labels, StepSeries> byLabels = new LinkedHashMap<>();
        boolean duplicates = false;
        for (StepSeries s : series) {
            if (byLabels.putIfAbsent(s.labels, s) != null) {
                duplicates = true;
            }
        }
        if (!duplicates) {
            return series;
        }
        byLabels.clear();
        List<StepSeries> result = new ArrayList<>();
        for (StepSeries s : series) {
            StepSeries existing = byLabels.get(s.labels);
            if (existing == null) {
                StepSeries copy = new StepSeries(s.labels, s.dropName, s.values.clone(), s.present.clone());
                byLabels.put(s.labels, copy);
                result.add(copy);
                continue;
            }
            for (int i = 0; i < s.present.length; i++) {
                if (!s.present[i]) {
                    continue;
                }
                if (existing.present[i]) {
                    throw duplicateLabelset();
                }
                existing.set(i, s.values[i]);
            }
        }
        return result;
    }

    /** Applies delayed name removal at the end of a query and re-checks uniqueness. */
    static List<StepSeries> removeDroppedNames(List<StepSeries> series) {
        boolean any = false;
        for (StepSeries s : series) {
            any |= s.dropName;
        }
        if (!any) {
            return series;
        }
        List<StepSeries> stripped = new ArrayList<>(series.size());
        for (StepSeries s : series) {
            stripped.add(s.dropName ? new StepSeries(MetricNames.drop(s.labels), false, s.values, s.present) : s);
        }
        return merge(stripped);
    }

    static PromlessException duplicateLabelset() {
        return new PromlessException(ErrorType.EXECUTION, "vector cannot contain metrics with the same labelset");
    }
}
