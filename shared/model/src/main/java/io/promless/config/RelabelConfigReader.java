package io.promless.config;

import io.promless.config.yaml.YamlFields;
import io.promless.config.yaml.YamlNode;
import io.promless.model.regex.GoRegexp;
import java.util.List;
import java.util.Optional;

/** Reads and validates one relabeling rule with Prometheus's rules and wording. */
final class RelabelConfigReader {
    private RelabelConfigReader() {}

    static RelabelConfig read(YamlNode node) {
        YamlFields fields = YamlFields.of(node, "relabel.plain");
        Optional<YamlNode> sourceNode = fields.take("source_labels");
        List<String> sourceLabels = sourceNode.map(YamlFields::stringList).orElse(List.of());
        boolean sourceLabelsSet = sourceNode.isPresent();
        String separator = fields.present("separator") ? fields.string("separator", "") : RelabelConfig.DEFAULT_SEPARATOR;
        String regex = fields.present("regex") ? fields.string("regex", "") : RelabelConfig.DEFAULT_REGEX;
        long modulus = fields.unsigned("modulus").orElse(0L);
        String targetLabel = fields.string("target_label", "");
        String replacement = fields.present("replacement") ? fields.string("replacement", "") : RelabelConfig.DEFAULT_REPLACEMENT;
        String actionName = fields.present("action") ? fields.string("action", "") : RelabelAction.REPLACE.wireName();
        fields.finish();

        if (actionName.isEmpty()) {
            throw new ConfigException("relabel action cannot be empty");
        }
        RelabelAction action = RelabelAction.fromWireName(actionName)
                .orElseThrow(() -> ConfigException.atLine(fields.lineOf("action"), "unknown relabel action \"" + actionName + "\""));
        GoRegexp pattern;
        try {
            pattern = GoRegexp.compileAnchored(regex);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e).orAtLine(fields.lineOf("regex"));
        }
        String name = action.wireName();
        if (action == RelabelAction.HASHMOD && modulus == 0) {
            throw new ConfigException("relabel configuration for hashmod requires non-zero modulus");
        }
        boolean needsTarget = switch (action) {
            case REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
            case KEEP, DROP, LABELMAP, LABELDROP, LABELKEEP -> false;
        };
        if (needsTarget && targetLabel.isEmpty()) {
            throw new ConfigException("relabel configuration for " + name + " action requires 'target_label' value");
        }
        if ((action == RelabelAction.LOWERCASE || action == RelabelAction.UPPERCASE)
                && !replacement.equals(RelabelConfig.DEFAULT_REPLACEMENT)) {
            throw new ConfigException("'replacement' can not be set for " + name + " action");
        }
        if ((action == RelabelAction.LABELDROP || action == RelabelAction.LABELKEEP)
                && (sourceLabelsSet || !targetLabel.isEmpty() || modulus != 0
                        || !separator.equals(RelabelConfig.DEFAULT_SEPARATOR)
                        || !replacement.equals(RelabelConfig.DEFAULT_REPLACEMENT))) {
            throw new ConfigException(name + " action requires only 'regex', and no other fields");
        }
        if ((action == RelabelAction.KEEPEQUAL || action == RelabelAction.DROPEQUAL)
                && (!regex.equals(RelabelConfig.DEFAULT_REGEX) || modulus != 0
                        || !separator.equals(RelabelConfig.DEFAULT_SEPARATOR)
                        || !replacement.equals(RelabelConfig.DEFAULT_REPLACEMENT))) {
            throw new ConfigException(name + " action requires only 'source_labels' and `target_label`, and no other fields");
        }
        return new RelabelConfig(sourceLabels, separator, regex, pattern, modulus, targetLabel, replacement, action);
    }
}
