package io.promless.scrape;

import io.promless.model.labels.Label;
import io.promless.model.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/** Merges a target's labels into a scraped sample's labels, following {@code honor_labels}. */
final class TargetLabels {
    private static final String EXPORTED_PREFIX = "exported_";

    private TargetLabels() {}

    /**
     * With {@code honorLabels} the sample's own labels win and target labels only fill gaps.
     * Without it target labels win, and each clashing sample label is kept as
     * {@code exported_<name>} (prefixed again while that name is taken), after all target
     * labels are set.
     */
    static Labels apply(Labels sample, Labels target, boolean honorLabels) {
        return apply(sample, List.of(), target, honorLabels);
    }

    /**
     * @param emptyInSample names the exposition set to the empty value: with {@code honorLabels}
     *     they count as set (and stay absent), as Prometheus treats them
     */
    static Labels apply(Labels sample, List<String> emptyInSample, Labels target, boolean honorLabels) {
        if (target.isEmpty()) {
            return sample;
        }
        if (honorLabels && !emptyInSample.isEmpty()) {
            Labels.Builder kept = target.toBuilder();
            emptyInSample.forEach(kept::remove);
            target = kept.build();
        }
        Labels merged = mergeDisjoint(sample, target);
        if (merged != null) {
            return merged;
        }
        Labels.Builder builder = sample.toBuilder();
        List<Label> conflicts = new ArrayList<>();
        for (int i = 0; i < target.size(); i++) {
            String name = target.name(i);
            String existing = builder.get(name);
            if (honorLabels) {
                if (existing.isEmpty()) {
                    builder.set(name, target.value(i));
                }
                continue;
            }
            if (!existing.isEmpty()) {
                conflicts.add(new Label(name, existing));
            }
            builder.set(name, target.value(i));
        }
        for (Label conflict : conflicts) {
            String exportedName = EXPORTED_PREFIX + conflict.name();
            while (!builder.get(exportedName).isEmpty()) {
                exportedName = EXPORTED_PREFIX + exportedName;
            }
            builder.set(exportedName, conflict.value());
        }
        return builder.build();
    }

    /**
     * The common case on the scrape hot path: no name in both sets, so both rules agree and the
     * result is the two sorted sets merged, without a builder. Null when a name clashes.
     */
    private static Labels mergeDisjoint(Labels sample, Labels target) {
        int size = sample.size() + target.size();
        String[] names = new String[size];
        String[] values = new String[size];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < sample.size() && j < target.size()) {
            int order = sample.name(i).compareTo(target.name(j));
            if (order == 0) {
                return null;
            }
            if (order < 0) {
                names[k] = sample.name(i);
                values[k++] = sample.value(i++);
            } else {
                names[k] = target.name(j);
                values[k++] = target.value(j++);
            }
        }
        for (; i < sample.size(); i++, k++) {
            names[k] = sample.name(i);
            values[k] = sample.value(i);
        }
        for (; j < target.size(); j++, k++) {
            names[k] = target.name(j);
            values[k] = target.value(j);
        }
        return Labels.ofSorted(names, values);
    }
}
