package io.promless.api;

import static io.promless.api.PrometheusApiTest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.model.labels.Labels;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TsdbStatusEndpointTest {
    private static final HeadStatusView.HeadStatus HEAD = new HeadStatusView.HeadStatus(7, 1_700_000_000_000L,
            1_700_007_200_123L, List.of(
                    Labels.of("__name__", "up", "job", "node", "instance", "a"),
                    Labels.of("__name__", "up", "job", "node", "instance", "bb"),
                    Labels.of("__name__", "up", "job", "promless", "instance", "a"),
                    Labels.of("__name__", "http_requests_total", "job", "promless", "code", "200"),
                    Labels.of("job", "orphan")));

    private final PrometheusApi api = PrometheusApi.builder(new RecordingQueryEngine(), new InMemoryQueryable(List.of()),
                    new FakeSelectorParser(), InstantSource.fixed(Instant.EPOCH))
            .headStatus(() -> HEAD)
            .build();

    static Stream<Arguments> answers() {
        String head = "{\"headStats\":{\"numSeries\":5,\"numLabelPairs\":8,\"chunkCount\":7,"
                + "\"minTime\":1700000000000,\"maxTime\":1700007200123},";
        return Stream.of(
                Arguments.of("", head
                        + "\"seriesCountByMetricName\":[{\"name\":\"up\",\"value\":3},{\"name\":\"http_requests_total\",\"value\":1}],"
                        + "\"labelValueCountByLabelName\":[{\"name\":\"job\",\"value\":3},{\"name\":\"__name__\",\"value\":2},"
                        + "{\"name\":\"instance\",\"value\":2},{\"name\":\"code\",\"value\":1}],"
                        + "\"memoryInBytesByLabelName\":[{\"name\":\"__name__\",\"value\":21},{\"name\":\"job\",\"value\":18},"
                        + "{\"name\":\"code\",\"value\":3},{\"name\":\"instance\",\"value\":3}],"
                        + "\"seriesCountByLabelValuePair\":[{\"name\":\"__name__=up\",\"value\":3},"
                        + "{\"name\":\"instance=a\",\"value\":2},{\"name\":\"job=node\",\"value\":2},"
                        + "{\"name\":\"job=promless\",\"value\":2},{\"name\":\"__name__=http_requests_total\",\"value\":1},"
                        + "{\"name\":\"code=200\",\"value\":1},{\"name\":\"instance=bb\",\"value\":1},"
                        + "{\"name\":\"job=orphan\",\"value\":1}]}"),
                Arguments.of("?limit=1", head
                        + "\"seriesCountByMetricName\":[{\"name\":\"up\",\"value\":3}],"
                        + "\"labelValueCountByLabelName\":[{\"name\":\"job\",\"value\":3}],"
                        + "\"memoryInBytesByLabelName\":[{\"name\":\"__name__\",\"value\":21}],"
                        + "\"seriesCountByLabelValuePair\":[{\"name\":\"__name__=up\",\"value\":3}]}"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("answers")
    void summarisesTheHeadAsPrometheus(String query, String data) {
        ApiResponse response = api.handle(get("/api/v1/status/tsdb" + query));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("{\"status\":\"success\",\"data\":" + data + "}");
    }

    static Stream<String> badLimits() {
        return Stream.of("0", "-3", "ten", "1.5");
    }

    @ParameterizedTest(name = "limit={0}")
    @MethodSource("badLimits")
    void refusesLimitsThatAreNotPositive(String limit) {
        ApiResponse response = api.handle(get("/api/v1/status/tsdb?limit=" + limit));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyText()).isEqualTo(
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"limit must be a positive number\"}");
    }

    @Test
    void withoutAHeadViewSaysTheStatusIsUnavailable() {
        PrometheusApi bare = new PrometheusApi(new RecordingQueryEngine(), new InMemoryQueryable(List.of()),
                new FakeSelectorParser(), InstantSource.fixed(Instant.EPOCH));

        assertThat(bare.handle(get("/api/v1/status/tsdb")).bodyText()).isEqualTo(
                "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"TSDB status is not available on this server\"}");
    }

    @Test
    void addsTheBlockSummaryAfterTheHeadWhenTheServerHasOne() {
        PrometheusApi withBlocks = PrometheusApi.builder(new RecordingQueryEngine(), new InMemoryQueryable(List.of()),
                        new FakeSelectorParser(), InstantSource.fixed(Instant.EPOCH))
                .headStatus(() -> HEAD)
                .blockStatus(() -> new BlockStatusView.BlockStatus(3, 1_234_567, 1_699_000_000_000L, 1_699_992_800_000L,
                        250, 90_000))
                .build();

        String body = withBlocks.handle(get("/api/v1/status/tsdb?limit=1")).bodyText();

        assertThat(body).startsWith("{\"status\":\"success\",\"data\":{\"headStats\":{\"numSeries\":5,")
                .contains("\"maxTime\":1700007200123},\"blockStats\":{\"blockCount\":3,\"bytes\":1234567,"
                        + "\"minTime\":1699000000000,\"maxTime\":1699992800000,\"numSeries\":250,\"numSamples\":90000},"
                        + "\"seriesCountByMetricName\":[");
    }

    @Test
    void leavesTheBlockSummaryOutWithoutABlockView() {
        assertThat(api.handle(get("/api/v1/status/tsdb")).bodyText()).doesNotContain("blockStats");
    }

    static Stream<Arguments> impossibleBlockSummaries() {
        return Stream.of(
                Arguments.of(-1, 0, 0, 0, 0, 0),
                Arguments.of(1, -5, 0, 0, 0, 0),
                Arguments.of(1, 0, 0, 0, -1, 0),
                Arguments.of(1, 0, 0, 0, 0, -1),
                Arguments.of(2, 10, 2000, 1000, 1, 1));
    }

    @ParameterizedTest
    @MethodSource("impossibleBlockSummaries")
    void refusesAnImpossibleBlockSummary(long blocks, long bytes, long minTime, long maxTime, long series, long samples) {
        assertThatThrownBy(
                        () -> new BlockStatusView.BlockStatus(blocks, bytes, minTime, maxTime, series, samples))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
