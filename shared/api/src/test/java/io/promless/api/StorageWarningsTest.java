package io.promless.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.promql.engine.PromqlEngine;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A storage that could answer only in part (e.g. an unreadable block) warns in the JSON, as Prometheus does. */
class StorageWarningsTest {
    private static final String WARNING = "block L1-0000000000000-0000007200000: data object is missing; "
            + "its samples are missing from this result";

    private final InMemoryQueryable data = new InMemoryQueryable(List.of(
            InMemoryQueryable.series(Labels.of("__name__", "up", "job", "api"), 1_000, 1, 16_000, 1)));
    private final Queryable partial = (minTime, maxTime) -> {
        Querier inner = data.querier(minTime, maxTime);
        return new Querier() {
            @Override
            public List<Series> select(List<LabelMatcher> matchers) {
                return inner.select(matchers);
            }

            @Override
            public List<Labels> series(List<LabelMatcher> matchers) {
                return inner.series(matchers);
            }

            @Override
            public List<String> labelNames(List<LabelMatcher> matchers) {
                return inner.labelNames(matchers);
            }

            @Override
            public List<String> labelValues(String name, List<LabelMatcher> matchers) {
                return inner.labelValues(name, matchers);
            }

            @Override
            public List<String> warnings() {
                return List.of(WARNING);
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    };
    private final PrometheusApi api = new PrometheusApi(new PromqlEngine(), partial, new FakeSelectorParser(),
            InstantSource.fixed(Instant.ofEpochMilli(20_000)));

    @Test
    void instantAndRangeQueriesCarryTheStorageWarningBesideTheData() {
        assertThat(api.handle(PrometheusApiTest.get("/api/v1/query?query=up&time=20")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                        + "{\"metric\":{\"__name__\":\"up\",\"job\":\"api\"},\"value\":[20,\"1\"]}]},"
                        + "\"warnings\":[\"" + WARNING + "\"]}");
        assertThat(api.handle(PrometheusApiTest.get("/api/v1/query_range?query=up&start=1&end=16&step=15")).bodyText())
                .contains("\"resultType\":\"matrix\"").endsWith("\"warnings\":[\"" + WARNING + "\"]}");
    }

    @Test
    void seriesLabelNamesAndLabelValuesCarryTheStorageWarningToo() {
        String warning = ",\"warnings\":[\"" + WARNING + "\"]}";
        assertThat(api.handle(PrometheusApiTest.get("/api/v1/series?match[]=up")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":[{\"__name__\":\"up\",\"job\":\"api\"}]" + warning);
        assertThat(api.handle(PrometheusApiTest.get("/api/v1/labels")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"job\"]" + warning);
        assertThat(api.handle(PrometheusApiTest.get("/api/v1/label/job/values")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":[\"api\"]" + warning);
        assertThat(api.handle(PrometheusApiTest.get("/api/v1/labels?limit=1")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\"],\"warnings\":[\"" + WARNING + "\","
                        + "\"" + QueryEndpoints.TRUNCATED_WARNING + "\"]}");
    }

    @Test
    void withoutWarningsTheResponseHasNone() {
        PrometheusApi plain = new PrometheusApi(new PromqlEngine(), data, new FakeSelectorParser(),
                InstantSource.fixed(Instant.ofEpochMilli(20_000)));
        assertThat(plain.handle(PrometheusApiTest.get("/api/v1/query?query=up&time=20")).bodyText()).doesNotContain("warnings");
    }
}
