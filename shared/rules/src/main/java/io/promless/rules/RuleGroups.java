package io.promless.rules;

import io.promless.model.labels.Labels;
import io.promless.rules.file.RuleDefinition;
import io.promless.rules.file.RuleFile;
import io.promless.rules.file.RuleGroupDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns parsed rule files into evaluable groups, filling in the defaults the file leaves out. */
public final class RuleGroups {
    private RuleGroups() {}

    /**
     * @param defaultInterval the interval of groups that set none or 0 (the global evaluation_interval)
     * @param defaultQueryOffset the query offset of groups that set none (Prometheus's rule_query_offset)
     */
    public static List<RuleGroup> of(RuleFile file, Duration defaultInterval, Duration defaultQueryOffset) {
        List<RuleGroup> groups = new ArrayList<>();
        for (RuleGroupDefinition definition : file.groups()) {
            List<Rule> rules = new ArrayList<>();
            for (RuleDefinition rule : definition.rules()) {
                rules.add(rule(rule, definition.labels()));
            }
            groups.add(new RuleGroup(definition.name(), file.source(), definition.interval().filter(interval -> !interval.isZero()).orElse(defaultInterval),
                    definition.queryOffset().orElse(defaultQueryOffset), definition.limit(), rules));
        }
        return groups;
    }

    /** Group labels apply to every rule; the rule's own labels win. */
    private static Rule rule(RuleDefinition definition, Map<String, String> groupLabels) {
        Labels.Builder labels = Labels.builder();
        groupLabels.forEach(labels::set);
        definition.labels().forEach(labels::set);
        if (definition.isAlerting()) {
            return new AlertingRule(definition.alert(), definition.expr(), definition.forDuration(), definition.keepFiringFor(),
                    labels.build(), definition.annotations());
        }
        return new RecordingRule(definition.record(), definition.expr(), labels.build());
    }
}
