package io.promless.config;

import static java.util.Objects.requireNonNull;

import io.promless.config.yaml.YamlFields;
import io.promless.config.yaml.YamlNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Prometheus's load-time checks on the {@code otlp} section (OTLP ingestion settings). Promless
 * does not ingest OTLP yet; the section is only checked, so a file Prometheus rejects is rejected
 * here for the same reason.
 */
final class OtlpSectionChecks {
    private static final Set<String> TRANSLATION_STRATEGIES = Set.of("UnderscoreEscapingWithSuffixes",
            "UnderscoreEscapingWithoutSuffixes", "NoUTF8EscapingWithSuffixes", "NoTranslation");
    /** Strategies that keep UTF-8 names, so they need UTF-8 name validation. */
    private static final Set<String> UTF8_STRATEGIES = Set.of("NoUTF8EscapingWithSuffixes", "NoTranslation");

    private OtlpSectionChecks() {
    }

    /** @param globalValidationScheme the global {@code metric_name_validation_scheme} ({@code utf8} or {@code legacy}) */
    static void check(YamlNode otlp, String globalValidationScheme) {
        requireNonNull(otlp, "otlp is null");
        requireNonNull(globalValidationScheme, "globalValidationScheme is null");
        YamlFields fields = YamlFields.of(otlp, "config.OTLPConfig");
        boolean promoteAll = fields.peekScalar("promote_all_resource_attributes").map(Boolean::parseBoolean).orElse(false);
        List<String> promoted = fields.strings("promote_resource_attributes");
        List<String> ignored = fields.strings("ignore_resource_attributes");
        if (promoteAll && !promoted.isEmpty()) {
            throw new ConfigException("'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured simultaneously");
        }
        checkAttributes(promoted, "promote_resource_attributes", "promoted");
        if (!ignored.isEmpty() && !promoteAll) {
            throw new ConfigException("'ignore_resource_attributes' cannot be configured unless 'promote_all_resource_attributes' is true");
        }
        checkAttributes(ignored, "ignore_resource_attributes", "ignored");
        String strategy = fields.peekScalar("translation_strategy").orElse("");
        if (!strategy.isEmpty() && !TRANSLATION_STRATEGIES.contains(strategy)) {
            throw new ConfigException("unsupported OTLP translation strategy \"" + strategy + "\"");
        }
        if (UTF8_STRATEGIES.contains(strategy) && globalValidationScheme.equals(ScrapeOptions.LEGACY_VALIDATION)) {
            throw new ConfigException("OTLP translation strategy \"" + strategy + "\" is not allowed when UTF8 is disabled");
        }
    }

    /** Attribute names are trimmed; every empty or repeated one is reported at once. */
    private static void checkAttributes(List<String> attributes, String key, String role) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String attribute : attributes) {
            String name = attribute.strip();
            if (name.isEmpty()) {
                problems.add("empty " + role + " OTel resource attribute");
            } else if (!seen.add(name)) {
                problems.add("duplicated " + role + " OTel resource attribute \"" + name + "\"");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("invalid '" + key + "': " + String.join("\n", problems));
        }
    }
}
