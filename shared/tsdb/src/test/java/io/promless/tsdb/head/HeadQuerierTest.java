package io.promless.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.errors.PromlessException;
import io.promless.model.StaleMarker;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.model.labels.MatchType;
import io.promless.storage.Querier;
import io.promless.storage.Series;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeadQuerierTest {
    /** These cases check the layout one metric per partition; grouping has its own cases. */
    private static final HeadOptions PER_METRIC = HeadOptions.defaults().withMetricGroups(0);

    private static final long T = 1_764_115_200_000L;
    private static final long MINUTE = 60_000L;
    private static final Labels UP_API = Labels.of("__name__", "up", "job", "api", "instance", "a");
    private static final Labels UP_WEB = Labels.of("__name__", "up", "job", "web", "instance", "b");
    private static final Labels UP_DB = Labels.of("__name__", "up", "job", "db", "instance", "c");
    private static final Labels REQUESTS = Labels.of("__name__", "http_requests_total", "job", "api", "code", "200");
    private static final Labels ERRORS = Labels.of("__name__", "http_errors_total", "job", "api");

    private InMemoryHeadStore store;
    private HeadQueryable queryable;

    @BeforeEach
    void writeData() {
        store = new InMemoryHeadStore();
        SegmentHeadWriter writer = new SegmentHeadWriter(store, PER_METRIC.withBucket(java.time.Duration.ofMinutes(30)));
        for (int minute = 0; minute < 60; minute++) {
            long timestamp = T + minute * MINUTE;
            writer.write("scrape-" + minute, List.of(
                    new Series(UP_API, new long[] {timestamp}, new double[] {1}),
                    new Series(UP_WEB, new long[] {timestamp + 17}, new double[] {minute % 2}),
                    new Series(REQUESTS, new long[] {timestamp}, new double[] {minute * 100.5}),
                    new Series(ERRORS, new long[] {timestamp}, new double[] {minute < 30 ? minute : StaleMarker.VALUE})));
        }
        // UP_DB only has samples in the first ten minutes, and a redelivered overlapping batch.
        for (int minute = 0; minute < 10; minute++) {
            writer.write("db-" + minute, List.of(new Series(UP_DB, new long[] {T + minute * MINUTE}, new double[] {0})));
        }
        writer.write("db-overlap", List.of(new Series(UP_DB, new long[] {T + 5 * MINUTE, T + 3 * MINUTE, T + 4 * MINUTE},
                new double[] {0, 0, 0})));
        queryable = new HeadQueryable(store, PER_METRIC);
    }

    static Stream<Arguments> selections() {
        return Stream.of(
                Arguments.of(List.of(equal("__name__", "up")), List.of(UP_API, UP_WEB, UP_DB)),
                Arguments.of(List.of(equal("__name__", "up"), equal("job", "web")), List.of(UP_WEB)),
                Arguments.of(List.of(equal("__name__", "up"), LabelMatcher.of(MatchType.NOT_EQUAL, "job", "web")), List.of(UP_API, UP_DB)),
                Arguments.of(List.of(LabelMatcher.of(MatchType.REGEX, "__name__", "http_.*")), List.of(ERRORS, REQUESTS)),
                Arguments.of(List.of(LabelMatcher.of(MatchType.REGEX, "__name__", "http_.*"), equal("code", "")), List.of(ERRORS)),
                Arguments.of(List.of(equal("job", "api")), List.of(ERRORS, REQUESTS, UP_API)),
                Arguments.of(List.of(equal("__name__", "up"), LabelMatcher.of(MatchType.NOT_REGEX, "__name__", "u.*")), List.of()),
                Arguments.of(List.of(equal("__name__", "nothing")), List.of()));
    }

    @ParameterizedTest
    @MethodSource("selections")
    void selectAppliesEveryMatcherAndSortsByLabels(List<LabelMatcher> matchers, List<Labels> expected) {
        try (Querier querier = queryable.querier(T, T + 59 * MINUTE)) {
            assertThat(querier.select(matchers)).extracting(Series::labels).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void samplesAreTrimmedToTheWindowAscendingAndDeduplicated() {
        try (Querier querier = queryable.querier(T + 2 * MINUTE, T + 6 * MINUTE)) {
            Series db = querier.select(List.of(equal("__name__", "up"), equal("job", "db"))).get(0);
            assertThat(db.timestamps()).containsExactly(T + 2 * MINUTE, T + 3 * MINUTE, T + 4 * MINUTE, T + 5 * MINUTE, T + 6 * MINUTE);
            Series web = querier.select(List.of(equal("__name__", "up"), equal("job", "web"))).get(0);
            assertThat(web.timestamps()).containsExactly(T + 2 * MINUTE + 17, T + 3 * MINUTE + 17, T + 4 * MINUTE + 17, T + 5 * MINUTE + 17);
            assertThat(web.values()).containsExactly(0, 1, 0, 1);
        }
    }

    @Test
    void aWindowAcrossBucketsMergesTheirSegments() {
        try (Querier querier = queryable.querier(T + 25 * MINUTE, T + 35 * MINUTE)) {
            Series requests = querier.select(List.of(equal("__name__", "http_requests_total"))).get(0);
            assertThat(requests.size()).isEqualTo(11);
            assertThat(requests.values()[0]).isEqualTo(25 * 100.5);
            assertThat(requests.values()[10]).isEqualTo(35 * 100.5);
        }
    }

    @Test
    void staleMarkersKeepTheirBits() {
        try (Querier querier = queryable.querier(T + 29 * MINUTE, T + 30 * MINUTE)) {
            Series errors = querier.select(List.of(equal("__name__", "http_errors_total"))).get(0);
            assertThat(errors.values()[0]).isEqualTo(29);
            assertThat(StaleMarker.isStale(errors.values()[1])).isTrue();
        }
    }

    @Test
    void seriesWithoutSamplesInTheWindowAreLeftOut() {
        try (Querier querier = queryable.querier(T + 20 * MINUTE, T + 30 * MINUTE)) {
            assertThat(querier.select(List.of(equal("__name__", "up")))).extracting(Series::labels).containsExactly(UP_API, UP_WEB);
            assertThat(querier.series(List.of(equal("__name__", "up")))).containsExactly(UP_API, UP_WEB);
            assertThat(querier.labelValues("job", List.of())).containsExactly("api", "web");
        }
    }

    @Test
    void selectNeedsAMatcherThatRejectsTheEmptyString() {
        try (Querier querier = queryable.querier(T, T + MINUTE)) {
            assertThatThrownBy(() -> querier.select(List.of(equal("job", ""))))
                    .isInstanceOf(PromlessException.class).hasMessageContaining("non-empty matcher");
            assertThatThrownBy(() -> querier.select(List.of(LabelMatcher.of(MatchType.REGEX, "job", ".*"))))
                    .isInstanceOf(PromlessException.class);
        }
    }

    @Test
    void seriesLabelNamesAndLabelValuesFollowTheMatchers() {
        try (Querier querier = queryable.querier(T, T + 59 * MINUTE)) {
            assertThat(querier.series(List.of(equal("job", "api")))).containsExactly(ERRORS, REQUESTS, UP_API);
            assertThat(querier.labelNames(List.of())).containsExactly("__name__", "code", "instance", "job");
            assertThat(querier.labelNames(List.of(equal("__name__", "http_errors_total")))).containsExactly("__name__", "job");
            assertThat(querier.labelValues("__name__", List.of())).containsExactly("http_errors_total", "http_requests_total", "up");
            assertThat(querier.labelValues("instance", List.of(equal("job", "web")))).containsExactly("b");
            assertThat(querier.labelValues("missing", List.of())).isEmpty();
        }
    }

    @Test
    void aCorruptSegmentIsSkippedAndCountedWhileTheRestIsRead() {
        store.putSegments(List.of(new Segment(new SegmentKey("up", T, 0, "b.broken"), T, T + MINUTE, new byte[] {0x13, 1}, 0)));
        try (Querier querier = queryable.querier(T, T + 59 * MINUTE)) {
            assertThat(querier.select(List.of(equal("__name__", "up")))).hasSize(3);
        }
        assertThat(queryable.corruptSegments()).isEqualTo(1);
    }

    @Test
    void aClosedQuerierAndABackwardsWindowAreRejected() {
        Querier querier = queryable.querier(T, T + MINUTE);
        querier.close();
        assertThatThrownBy(() -> querier.select(List.of(equal("__name__", "up")))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> queryable.querier(T + 1, T)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void groupedMetricsReadTheSameAsMetricsOnTheirOwn() {
        HeadOptions grouped = PER_METRIC.withMetricGroups(2);
        InMemoryHeadStore groupedStore = new InMemoryHeadStore();
        SegmentHeadWriter writer = new SegmentHeadWriter(groupedStore, grouped);
        for (String metric : store.metricNames()) {
            try (Querier querier = queryable.querier(T, T + 59 * MINUTE)) {
                writer.write("copy-" + metric, querier.select(List.of(equal("__name__", metric))));
            }
        }
        assertThat(groupedStore.segments("up", Long.MIN_VALUE, Long.MAX_VALUE)).isEmpty();
        HeadQueryable groupedQueryable = new HeadQueryable(groupedStore, grouped);
        for (List<LabelMatcher> matchers : List.of(List.of(equal("__name__", "up")), List.of(equal("job", "api")),
                List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+")))) {
            try (Querier expected = queryable.querier(T + 5 * MINUTE, T + 40 * MINUTE);
                    Querier actual = groupedQueryable.querier(T + 5 * MINUTE, T + 40 * MINUTE)) {
                List<Series> want = expected.select(matchers);
                List<Series> got = actual.select(matchers);
                assertThat(got).extracting(Series::labels).containsExactlyElementsOf(want.stream().map(Series::labels).toList());
                for (int i = 0; i < want.size(); i++) {
                    assertThat(got.get(i).timestamps()).containsExactly(want.get(i).timestamps());
                    assertThat(got.get(i).values()).containsExactly(want.get(i).values());
                }
                assertThat(actual.labelValues("job", matchers)).isEqualTo(expected.labelValues("job", matchers));
            }
        }
    }

    @Test
    void thousandsOfSeriesAreReadWhole() {
        InMemoryHeadStore big = new InMemoryHeadStore();
        SegmentHeadWriter writer = new SegmentHeadWriter(big, PER_METRIC);
        for (int scrape = 0; scrape < 30; scrape++) {
            writer.write("m-" + scrape, SegmentHeadWriterTest.scrape(T + scrape * MINUTE, 5000));
        }
        HeadQueryable bigQueryable = new HeadQueryable(big, PER_METRIC);
        List<Series> all;
        try (Querier querier = bigQueryable.querier(T, T + 59 * MINUTE)) {
            all = querier.select(List.of(equal("__name__", "requests_total")));
        }
        assertThat(all).hasSize(5000);
        assertThat(all.stream().mapToInt(Series::size).sum()).isEqualTo(150_000);
    }

    private static LabelMatcher equal(String name, String value) {
        return LabelMatcher.equal(name, value);
    }
}
