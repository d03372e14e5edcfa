package io.promless.differential;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The outcome of running one corpus query in one mode against both servers. */
public record CheckResult(CorpusQuery query, QueryMode mode, List<String> differences) {
    public CheckResult {
        requireNonNull(query, "query is null");
        requireNonNull(mode, "mode is null");
        differences = List.copyOf(requireNonNull(differences, "differences is null"));
    }

    public boolean passed() {
        return differences.isEmpty();
    }

    /** A short, multi-line description of what differed. */
    public String describe() {
        return mode.label() + " " + query.query() + "\n  " + String.join("\n  ", differences);
    }
}
