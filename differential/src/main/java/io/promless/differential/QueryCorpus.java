package io.promless.differential;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The differential query corpus, read from {@code queries.promql} beside this class: one query a
 * line, {@code [class]} lines starting a class, {@code ordered: } marking queries whose instant
 * result order matters, {@code #} comments and blank lines ignored.
 */
public final class QueryCorpus {
    public static final String RESOURCE = "queries.promql";
    private static final String ORDERED_PREFIX = "ordered:";

    private QueryCorpus() {}

    public static List<CorpusQuery> load() {
        try (InputStream in = QueryCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the query corpus " + RESOURCE + " is not on the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the query corpus: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException for a query before any class, an empty class name or a duplicate query */
    public static List<CorpusQuery> parse(String text) {
        requireNonNull(text, "text is null");
        List<CorpusQuery> queries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String queryClass = null;
        String[] lines = text.split("\n", -1);
        for (int number = 1; number <= lines.length; number++) {
            String line = lines[number - 1].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                queryClass = line.substring(1, line.length() - 1).strip();
                if (queryClass.isEmpty()) {
                    throw new IllegalArgumentException("line " + number + ": empty class name");
                }
                continue;
            }
            if (queryClass == null) {
                throw new IllegalArgumentException("line " + number + ": query before the first [class] line: " + line);
            }
            boolean ordered = line.startsWith(ORDERED_PREFIX);
            String query = ordered ? line.substring(ORDERED_PREFIX.length()).strip() : line;
            if (!seen.add(query)) {
                throw new IllegalArgumentException("line " + number + ": duplicate query: " + query);
            }
            queries.add(new CorpusQuery(queryClass, query, ordered));
        }
        return List.copyOf(queries);
    }

    /** The class names in corpus order. */
    public static List<String> classes(List<CorpusQuery> queries) {
        Set<String> classes = new LinkedHashSet<>();
        queries.forEach(query -> classes.add(query.queryClass()));
        return List.copyOf(classes);
    }
}
