package io.promless.rules.file;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A parsed and validated rule file: its groups in file order. {@code source} names it in errors and in the API. */
public record RuleFile(String source, List<RuleGroupDefinition> groups) {
    public RuleFile {
        requireNonNull(source, "source is null");
        groups = List.copyOf(groups);
    }
}
