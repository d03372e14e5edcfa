package io.promless.scrape.kubernetes;

import io.promless.config.StaticConfig;
import io.promless.model.labels.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Kubernetes object's targets as Prometheus groups them: labels shared by the group, and per
 * target its own labels (including {@code __address__}), which win over the group's.
 */
record TargetGroup(String source, Map<String, String> groupLabels, List<Map<String, String>> targets) {
    TargetGroup {
        groupLabels = Map.copyOf(groupLabels);
        targets = targets.stream().map(Map::copyOf).toList();
    }

    /** One static config per target: our static configs carry one label set for all their addresses. */
    List<StaticConfig> toStaticConfigs() {
        List<StaticConfig> out = new ArrayList<>(targets.size());
        for (Map<String, String> target : targets) {
            Map<String, String> merged = new LinkedHashMap<>(groupLabels);
            merged.putAll(target);
            String address = merged.remove(MetaLabels.ADDRESS);
            out.add(new StaticConfig(List.of(address == null ? "" : address), Labels.fromMap(merged)));
        }
        return out;
    }
}
