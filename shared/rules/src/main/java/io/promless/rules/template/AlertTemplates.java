package io.promless.rules.template;

import io.promless.model.labels.Labels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alert label and annotation templates as Prometheus expands them: the data is
 * {@code {.Labels, .ExternalLabels, .ExternalURL, .Value}} and the variables {@code $labels},
 * {@code $externalLabels}, {@code $externalURL} and {@code $value} are predeclared. An expansion
 * error becomes the expanded text {@code <error expanding template: ...>}, as in Prometheus.
 */
public final class AlertTemplates {
    private static final List<String> VARIABLES = List.of("$labels", "$externalLabels", "$externalURL", "$value");

    private AlertTemplates() {}

    /** Parses (and so validates) one template of the alert {@code alertName}. */
    public static GoTemplate parse(String alertName, String text) {
        return GoTemplate.parse("__alert_" + alertName, text, VARIABLES, TemplateFunctions.NAMES);
    }

    /** Expands one template; never throws for template errors. */
    public static String expand(String alertName, String text, Labels labels, Labels externalLabels, String externalUrl,
            double value, TemplateFunctions functions) {
        if (!text.contains("{{")) {
            return text;
        }
        GoTemplate template;
        try {
            template = parse(alertName, text);
        } catch (TemplateException e) {
            return "<error expanding template: " + e.getMessage() + ">";
        }
        return expand(template, labels, externalLabels, externalUrl, value, functions);
    }

    /** Expands an already parsed template (rules parse theirs once); never throws for template errors. */
    public static String expand(GoTemplate template, Labels labels, Labels externalLabels, String externalUrl, double value,
            TemplateFunctions functions) {
        try {
            Map<String, String> labelMap = labels.toMap();
            Map<String, String> externalMap = externalLabels.toMap();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("Labels", labelMap);
            fields.put("ExternalLabels", externalMap);
            fields.put("ExternalURL", externalUrl);
            fields.put("Value", value);
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("$labels", labelMap);
            variables.put("$externalLabels", externalMap);
            variables.put("$externalURL", externalUrl);
            variables.put("$value", value);
            return template.execute(new TemplateStruct(fields), variables, functions);
        } catch (TemplateException e) {
            return "<error expanding template: " + e.getMessage() + ">";
        } catch (RuntimeException e) {
            return "<error expanding template: " + e + ">";
        }
    }
}
