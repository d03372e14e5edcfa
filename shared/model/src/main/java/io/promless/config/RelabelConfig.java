package io.promless.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One relabeling rule, validated as Prometheus validates it. The regex is anchored at both
 * ends and compiled once. (Applying rules to targets and samples comes with a later issue.)
 */
public record RelabelConfig(
        List<String> sourceLabels,
        String separator,
        String regex,
        Pattern pattern,
        long modulus,
        String targetLabel,
        String replacement,
        RelabelAction action) {
    public static final String DEFAULT_SEPARATOR = ";";
    public static final String DEFAULT_REGEX = "(.*)";
    public static final String DEFAULT_REPLACEMENT = "$1";

    public RelabelConfig {
        sourceLabels = List.copyOf(sourceLabels);
        requireNonNull(separator, "separator is null");
        requireNonNull(regex, "regex is null");
        requireNonNull(pattern, "pattern is null");
        requireNonNull(targetLabel, "targetLabel is null");
        requireNonNull(replacement, "replacement is null");
        requireNonNull(action, "action is null");
    }
}
