package io.promless.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryCorpusTest {
    @Test
    void parsesClassesOrderedMarkersAndComments() {
        List<CorpusQuery> queries = QueryCorpus.parse("""
                # comment
                [selectors]
                up

                ordered: sort(up)
                [rate-family]
                  rate(x[5m])
                """);
        assertThat(queries).containsExactly(
                new CorpusQuery("selectors", "up", false),
                new CorpusQuery("selectors", "sort(up)", true),
                new CorpusQuery("rate-family", "rate(x[5m])", false));
        assertThat(QueryCorpus.classes(queries)).containsExactly("selectors", "rate-family");
    }

    @Test
    void rejectsQueriesOutsideAClassDuplicatesAndEmptyClasses() {
        assertThatThrownBy(() -> QueryCorpus.parse("up\n")).hasMessageContaining("line 1").hasMessageContaining("before");
        assertThatThrownBy(() -> QueryCorpus.parse("[a]\nup\n[b]\nup\n")).hasMessageContaining("line 4: duplicate");
        assertThatThrownBy(() -> QueryCorpus.parse("[ ]\nup\n")).hasMessageContaining("empty class");
    }

    @Test
    void theCorpusHasAtLeast200QueriesInEveryClass() {
        List<CorpusQuery> corpus = QueryCorpus.load();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
        assertThat(QueryCorpus.classes(corpus)).containsExactly("selectors", "rate-family", "over_time", "aggregations",
                "binary-operators", "functions", "histograms", "subqueries", "errors");
        for (String queryClass : QueryCorpus.classes(corpus)) {
            assertThat(corpus.stream().filter(query -> query.queryClass().equals(queryClass)).count())
                    .as(queryClass).isGreaterThanOrEqualTo(15);
        }
    }
}
