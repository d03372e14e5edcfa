package io.promless.differential;

import static java.util.Objects.requireNonNull;

/**
 * One query of the corpus: its class (e.g. {@code rate-family}), its text, and whether the
 * order of an instant result must match too.
 */
public record CorpusQuery(String queryClass, String query, boolean ordered) {
    public CorpusQuery {
        requireNonNull(queryClass, "queryClass is null");
        requireNonNull(query, "query is null");
        if (query.isBlank()) {
            throw new IllegalArgumentException("query is blank");
        }
    }
}
