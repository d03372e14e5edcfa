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
        if (target.isEmpty()) {
            return sample;
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
}
