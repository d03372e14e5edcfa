package io.promless.rules.file;

import static java.util.Objects.requireNonNull;

import io.promless.config.ConfigException;
import io.promless.config.yaml.YamlFields;
import io.promless.config.yaml.YamlNode;
import io.promless.config.yaml.YamlTree;
import io.promless.errors.PromlessException;
import io.promless.model.labels.Labels;
import io.promless.rules.template.AlertTemplates;
import io.promless.rules.template.TemplateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Reads Prometheus rule files with Prometheus's validation: strict field names (unless unknown
 * fields are ignored), unique group names, one of record/alert, a parsable expr, valid names and
 * parsable templates. Errors carry the file, the line and the group/rule, as Prometheus's do.
 * YAML anchors, aliases and {@code <<} merge keys are resolved; only the first YAML document is used.
 */
public final class RuleFileParser {
    private static final Logger LOG = Logger.getLogger(RuleFileParser.class.getName());

    private final Consumer<String> expressionChecker;
    private final NameValidation nameValidation;
    private final boolean ignoreUnknownFields;

    /**
     * @param expressionChecker parses a PromQL expression and throws (with Prometheus's "parse error" text) when invalid
     */
    public RuleFileParser(Consumer<String> expressionChecker, NameValidation nameValidation, boolean ignoreUnknownFields) {
        this.expressionChecker = requireNonNull(expressionChecker, "expressionChecker is null");
        this.nameValidation = requireNonNull(nameValidation, "nameValidation is null");
        this.ignoreUnknownFields = ignoreUnknownFields;
    }

    public RuleFile load(Path file) {
        requireNonNull(file, "file is null");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuleFileException(file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    /** Parses rule-file text; {@code source} prefixes every error and names the file in the API. */
    public RuleFile parse(String source, String text) {
        requireNonNull(source, "source is null");
        requireNonNull(text, "text is null");
        try {
            List<YamlNode> documents = YamlTree.parseAll(text);
            if (documents.size() > 1) {
                LOG.warning(() -> source + ": multiple YAML documents; only the first is used");
            }
            if (documents.isEmpty()) {
                return new RuleFile(source, List.of());
            }
            return new RuleFile(source, groups(source, flatten(documents.get(0))));
        } catch (ConfigException e) {
            throw new RuleFileException(source + ": " + e.getMessage(), e);
        }
    }

    private List<RuleGroupDefinition> groups(String source, YamlNode root) {
        YamlFields fields = YamlFields.of(root, "rulefmt.RuleGroups");
        Optional<YamlNode.Sequence> groupNodes = fields.sequence("groups");
        finish(fields);
        List<RuleGroupDefinition> groups = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode node : groupNodes.map(YamlNode.Sequence::items).orElse(List.of())) {
            RuleGroupDefinition group = group(source, flatten(node));
            if (!names.add(group.name())) {
                throw new RuleFileException(source + ": " + group.line() + ": groupname: \"" + group.name()
                        + "\" is repeated in the same file");
            }
            groups.add(group);
        }
        return groups;
    }

    private RuleGroupDefinition group(String source, YamlNode node) {
        YamlFields fields = YamlFields.of(node, "rulefmt.RuleGroup");
        String name = fields.string("name", "");
        Optional<Duration> interval = fields.duration("interval");
        Optional<Duration> queryOffset = fields.duration("query_offset");
        long limit = fields.take("limit").map(value -> integer(value, "limit")).orElse(0L);
        Map<String, String> labels = stringMap(fields, "labels");
        Optional<YamlNode.Sequence> ruleNodes = fields.sequence("rules");
        finish(fields);
        if (name.isEmpty()) {
            throw new RuleFileException(source + ": " + node.line() + ": Groupname must not be empty");
        }
        if (limit < 0) {
            throw new RuleFileException(source + ": " + node.line() + ": group \"" + name + "\": limit must not be negative");
        }
        for (String label : labels.keySet()) {
            if (!nameValidation.isValidLabelName(label) || label.equals(Labels.METRIC_NAME)) {
                throw new RuleFileException(source + ": " + node.line() + ": group \"" + name + "\": invalid label name: " + label);
            }
        }
        List<RuleDefinition> rules = new ArrayList<>();
        List<YamlNode> items = ruleNodes.map(YamlNode.Sequence::items).orElse(List.of());
        for (int i = 0; i < items.size(); i++) {
            rules.add(rule(source, name, i + 1, flatten(items.get(i))));
        }
        return new RuleGroupDefinition(name, interval, queryOffset, (int) limit, labels, rules, node.line());
    }

    private RuleDefinition rule(String source, String group, int index, YamlNode node) {
        YamlFields fields = YamlFields.of(node, "rulefmt.Rule");
        String record = fields.string("record", "");
        String alert = fields.string("alert", "");
        String expr = fields.string("expr", "");
        boolean hasFor = fields.has("for");
        boolean hasKeepFiringFor = fields.has("keep_firing_for");
        Duration forDuration = fields.duration("for").orElse(Duration.ZERO);
        Duration keepFiringFor = fields.duration("keep_firing_for").orElse(Duration.ZERO);
        Map<String, String> labels = stringMap(fields, "labels");
        Map<String, String> annotations = stringMap(fields, "annotations");
        finish(fields);
        String ruleName = alert.isEmpty() ? record : alert;
        String where = source + ": " + node.line() + ": group \"" + group + "\", rule " + index + ", \"" + ruleName + "\": ";
        if (!record.isEmpty() && !alert.isEmpty()) {
            throw new RuleFileException(where + "only one of 'record' and 'alert' must be set");
        }
        if (record.isEmpty() && alert.isEmpty()) {
            throw new RuleFileException(where + "one of 'record' or 'alert' must be set");
        }
        if (expr.isEmpty()) {
            throw new RuleFileException(where + "field 'expr' must be set in rule");
        }
        try {
            expressionChecker.accept(expr);
        } catch (PromlessException e) {
            throw new RuleFileException(where + "could not parse expression: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new RuleFileException(where + "could not parse expression: " + e, e);
        }
        if (!record.isEmpty()) {
            if (!annotations.isEmpty()) {
                throw new RuleFileException(where + "invalid field 'annotations' in recording rule");
            }
            if (hasFor) {
                throw new RuleFileException(where + "invalid field 'for' in recording rule");
            }
            if (hasKeepFiringFor) {
                throw new RuleFileException(where + "invalid field 'keep_firing_for' in recording rule");
            }
            if (!nameValidation.isValidMetricName(record)) {
                throw new RuleFileException(where + "invalid recording rule name: " + record);
            }
            if (record.contains("{") || record.contains("}")) {
                throw new RuleFileException(where + "braces present in the recording rule name; should it be in expr?: " + record);
            }
        }
        for (String label : labels.keySet()) {
            if (!nameValidation.isValidLabelName(label) || label.equals(Labels.METRIC_NAME)) {
                throw new RuleFileException(where + "invalid label name: " + label);
            }
        }
        for (String annotation : annotations.keySet()) {
            if (!nameValidation.isValidLabelName(annotation)) {
                throw new RuleFileException(where + "invalid annotation name: " + annotation);
            }
        }
        if (!alert.isEmpty()) {
            checkTemplates(where, alert, "label", labels);
            checkTemplates(where, alert, "annotation", annotations);
        }
        return new RuleDefinition(record, alert, expr, forDuration, keepFiringFor, labels, annotations, node.line());
    }

    private static void checkTemplates(String where, String alert, String kind, Map<String, String> templates) {
        for (Map.Entry<String, String> entry : templates.entrySet()) {
            try {
                AlertTemplates.parse(alert, entry.getValue());
            } catch (TemplateException e) {
                throw new RuleFileException(where + kind + " " + quote(entry.getKey()) + ": " + e.getMessage(), e);
            }
        }
    }

    private static long integer(YamlNode node, String field) {
        String text = YamlFields.scalarText(node, "int");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw YamlFields.unmarshalError(node.line(), "cannot unmarshal " + YamlFields.tagOf(node) + " `" + text + "` into int");
        }
    }

    private static Map<String, String> stringMap(YamlFields fields, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : fields.stringMapNode(key)) {
            out.put(entry.getKey(), entry.getValue());
        }
        return out;
    }

    private void finish(YamlFields fields) {
        if (!ignoreUnknownFields) {
            fields.finish();
        }
    }

    /** Resolves {@code <<} merge keys: the merged mappings' entries fill in keys the mapping does not set itself. */
    static YamlNode flatten(YamlNode node) {
        if (!(node instanceof YamlNode.Mapping mapping)) {
            return node;
        }
        boolean hasMerge = mapping.entries().stream().anyMatch(entry -> entry.key().equals("<<"));
        if (!hasMerge) {
            return node;
        }
        List<YamlNode.Entry> own = new ArrayList<>();
        List<YamlNode.Entry> merged = new ArrayList<>();
        for (YamlNode.Entry entry : mapping.entries()) {
            if (!entry.key().equals("<<")) {
                own.add(entry);
                continue;
            }
            List<YamlNode> sources = entry.value() instanceof YamlNode.Sequence sequence ? sequence.items() : List.of(entry.value());
            for (YamlNode source : sources) {
                if (!(flatten(source) instanceof YamlNode.Mapping sourceMapping)) {
                    throw YamlFields.unmarshalError(entry.line(), "map merge requires map or sequence of maps as the value");
                }
                merged.addAll(sourceMapping.entries());
            }
        }
        Set<String> keys = new HashSet<>();
        own.forEach(entry -> keys.add(entry.key()));
        List<YamlNode.Entry> result = new ArrayList<>(own);
        for (YamlNode.Entry entry : merged) {
            if (keys.add(entry.key())) {
                result.add(entry);
            }
        }
        return new YamlNode.Mapping(result, mapping.line());
    }

    private static String quote(String value) {
        return YamlTree.quote(value);
    }
}
