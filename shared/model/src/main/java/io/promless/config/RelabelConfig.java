package io.promless.config;

import static java.util.Objects.requireNonNull;

import io.promless.model.regex.GoRegexp;
import java.util.List;

/**
 * One relabeling rule, validated as Prometheus validates it. {@code regex} is the expression as
 * written; {@code pattern} is it anchored at both ends ({@code ^(?s:regex)$}) and compiled once.
 * {@link io.promless.relabel.Relabeler} applies rules.
 */
public record RelabelConfig(
        List<String> sourceLabels,
        String separator,
        String regex,
        GoRegexp pattern,
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
