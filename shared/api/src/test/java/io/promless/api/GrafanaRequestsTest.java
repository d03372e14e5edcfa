package io.promless.api;

import static io.promless.api.InMemoryQueryable.series;
import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import io.promless.model.labels.Labels;
import io.promless.promql.value.MatrixValue;
import io.promless.promql.value.ScalarValue;
import io.promless.promql.value.Value;
import io.promless.storage.InMemoryMetadataStore;
import io.promless.storage.Series;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The requests Grafana's Prometheus data source sends (as its resource clients and health check
 * build them: Unix-second times, {@code limit=40000}, {@code match[]} selectors, form-encoded
 * POSTs for queries) when a user saves the data source, opens Explore, browses metrics and
 * renders a panel, each with the answer Prometheus gives.
 */
class GrafanaRequestsTest {
    private static final long NOW = 1_700_003_600_000L;
    private static final Labels UP_NODE = Labels.of("__name__", "up", "instance", "node:9100", "job", "node");
    private static final Labels UP_SELF = Labels.of("__name__", "up", "instance", "localhost:9090", "job", "promless");
    private static final Labels REQUESTS = Labels.of("__name__", "http_requests_total", "code", "200", "job", "promless");
    private static final Map<String, List<String>> GRAFANA_FORM = Map.of(
            "Content-Type", List.of("application/x-www-form-urlencoded"), "User-Agent", List.of("Grafana/11.3.0"));

    private final RecordingQueryEngine engine = new RecordingQueryEngine();
    private final InMemoryMetadataStore metadata = new InMemoryMetadataStore();
    private final PrometheusApi api = PrometheusApi.builder(engine,
                    new InMemoryQueryable(List.of(
                            series(UP_NODE, 1_700_000_000_000L, 1),
                            series(UP_SELF, 1_700_000_000_000L, 1),
                            series(REQUESTS, 1_700_000_000_000L, 5, 1_700_000_015_000L, 7))),
                    new FakeSelectorParser(), InstantSource.fixed(Instant.ofEpochMilli(NOW)))
            .metadataStore(metadata)
            .serverInfo(() -> new ServerInfo(new BuildInfo("0.1.0", "abc", "main", "ci", "20261126", "java21"),
                    Instant.EPOCH, "/", "", "", true, Instant.EPOCH, Map.of(), "15d"))
            .build();

    GrafanaRequestsTest() {
        metadata.put(List.of(
                new MetricMetadata("up", MetricType.GAUGE, "Target is up.", ""),
                new MetricMetadata("http_requests_total", MetricType.COUNTER, "Requests.", "")));
    }

    static Stream<Arguments> grafanaSession() {
        String success = "{\"status\":\"success\",\"data\":";
        return Stream.of(
                // Save & test: the health check's instant query, then the build info.
                Arguments.of("health check 1+1", post("/api/v1/query", "query=1%2B1&time=1700003600"),
                        new ScalarValue(1_700_003_600_000L, 2),
                        success + "{\"resultType\":\"scalar\",\"result\":[1700003600,\"2\"]}}"),
                Arguments.of("health check GET", get("/api/v1/query?query=1%2B1&time=2023-11-14T23:13:20Z"),
                        new ScalarValue(1_700_003_600_000L, 2),
                        success + "{\"resultType\":\"scalar\",\"result\":[1700003600,\"2\"]}}"),
                Arguments.of("build info", get("/api/v1/status/buildinfo"), null,
                        success + "{\"version\":\"0.1.0\",\"revision\":\"abc\",\"branch\":\"main\",\"buildUser\":\"ci\","
                                + "\"buildDate\":\"20261126\",\"goVersion\":\"java21\"}}"),
                // Explore and the metric browser.
                Arguments.of("metric names", get("/api/v1/label/__name__/values?start=1700000000&end=1700003600&limit=40000"),
                        null, success + "[\"http_requests_total\",\"up\"]}"),
                Arguments.of("metric names matching",
                        get("/api/v1/label/__name__/values?match[]={job=\"node\"}&start=1700000000.000&end=1700003600.000"),
                        null, success + "[\"up\"]}"),
                Arguments.of("label names", get("/api/v1/labels?limit=40000&start=1700000000&end=1700003600"), null,
                        success + "[\"__name__\",\"code\",\"instance\",\"job\"]}"),
                Arguments.of("label names POST",
                        post("/api/v1/labels", "start=1700000000&end=1700003600&match%5B%5D=up&limit=40000"), null,
                        success + "[\"__name__\",\"instance\",\"job\"]}"),
                Arguments.of("label values for a metric",
                        get("/api/v1/label/job/values?match[]=up&start=1700000000&end=1700003600&limit=40000"), null,
                        success + "[\"node\",\"promless\"]}"),
                Arguments.of("series of all metrics",
                        get("/api/v1/series?match[]={__name__!=\"\"}&start=1700000000&end=1700003600&limit=40000"), null,
                        success + "[{\"__name__\":\"http_requests_total\",\"code\":\"200\",\"job\":\"promless\"},"
                                + "{\"__name__\":\"up\",\"instance\":\"localhost:9090\",\"job\":\"promless\"},"
                                + "{\"__name__\":\"up\",\"instance\":\"node:9100\",\"job\":\"node\"}]}"),
                Arguments.of("series POST with limit",
                        post("/api/v1/series", "match%5B%5D=up&start=1700000000&end=1700003600&limit=1"), null,
                        success + "[{\"__name__\":\"up\",\"instance\":\"localhost:9090\",\"job\":\"promless\"}],"
                                + "\"warnings\":[\"results truncated due to limit\"]}"),
                Arguments.of("series outside the window", get("/api/v1/series?match[]=up&start=1&end=2"), null,
                        success + "[]}"),
                Arguments.of("metadata", get("/api/v1/metadata"), null,
                        success + "{\"http_requests_total\":[{\"type\":\"counter\",\"help\":\"Requests.\",\"unit\":\"\"}],"
                                + "\"up\":[{\"type\":\"gauge\",\"help\":\"Target is up.\",\"unit\":\"\"}]}}"),
                Arguments.of("metadata of one metric", get("/api/v1/metadata?metric=up&limit=1"), null,
                        success + "{\"up\":[{\"type\":\"gauge\",\"help\":\"Target is up.\",\"unit\":\"\"}]}}"),
                // A dashboard panel.
                Arguments.of("panel range query",
                        post("/api/v1/query_range", "query=rate(http_requests_total%5B5m%5D)&start=1700000000&end=1700000030&step=15"),
                        new MatrixValue(List.of(new Series(Labels.of("code", "200", "job", "promless"),
                                new long[] {1_700_000_000_000L, 1_700_000_015_000L, 1_700_000_030_000L},
                                new double[] {0.1, 0.125, 0.5}))),
                        success + "{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"code\":\"200\",\"job\":\"promless\"},"
                                + "\"values\":[[1700000000,\"0.1\"],[1700000015,\"0.125\"],[1700000030,\"0.5\"]]}]}}"),
                Arguments.of("panel range query, RFC 3339 and float step",
                        get("/api/v1/query_range?query=up&start=2023-11-14T22:13:20Z&end=2023-11-14T22:13:21.5Z&step=0.5"),
                        new MatrixValue(List.of()), success + "{\"resultType\":\"matrix\",\"result\":[]}}"),
                Arguments.of("exemplars for the panel",
                        post("/api/v1/query_exemplars", "query=up&start=1700000000&end=1700003600"), null,
                        success + "[]}"),
                Arguments.of("query formatting", post("/api/v1/format_query", "query=sum(up)by(job)"), null,
                        success + "\"sum by (job) (up)\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grafanaSession")
    void answersWhatGrafanaAsks(String step, ApiRequest request, Value engineAnswer, String body) {
        if (engineAnswer != null) {
            engine.answering(engineAnswer);
        }

        ApiResponse response = api.handle(request);

        assertThat(response.bodyText()).isEqualTo(body);
        assertThat(response.headers()).containsEntry("Content-Type", "application/json");
    }

    static Stream<Arguments> engineArguments() {
        return Stream.of(
                Arguments.of(post("/api/v1/query", "query=1%2B1&time=1700003600.5"), "1+1", 1_700_003_600_500L, 0, 0, 0),
                Arguments.of(post("/api/v1/query", "query=1%2B1"), "1+1", NOW, 0, 0, 0),
                Arguments.of(post("/api/v1/query_range", "query=up&start=1700000000&end=1700003600&step=60"),
                        "up", 0, 1_700_000_000_000L, 1_700_003_600_000L, 60_000),
                Arguments.of(post("/api/v1/query_range", "query=up&start=1700000000&end=1700003600&step=1m30s"),
                        "up", 0, 1_700_000_000_000L, 1_700_003_600_000L, 90_000),
                Arguments.of(get("/api/v1/query_range?query=up&start=2023-11-14T22:13:20.250Z&end=1700000001&step=0.25"),
                        "up", 0, 1_700_000_000_250L, 1_700_000_001_000L, 250));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engineArguments")
    void passesGrafanasTimesAndStepsToTheEngine(
            ApiRequest request, String query, long time, long start, long end, long step) {
        engine.answering(request.path().endsWith("range") ? new MatrixValue(List.of()) : new ScalarValue(0, 2));

        assertThat(api.handle(request).status()).isEqualTo(200);

        assertThat(engine.lastQuery).isEqualTo(query);
        if (request.path().endsWith("range")) {
            assertThat(new long[] {engine.lastStart, engine.lastEnd, engine.lastStep}).containsExactly(start, end, step);
        } else {
            assertThat(engine.lastTime).isEqualTo(time);
        }
    }

    private static ApiRequest get(String pathAndQuery) {
        ApiRequest plain = PrometheusApiTest.get(pathAndQuery);
        return new ApiRequest("GET", plain.path(), plain.queryParameters(),
                Map.of("User-Agent", List.of("Grafana/11.3.0")), new byte[0]);
    }

    private static ApiRequest post(String path, String form) {
        return new ApiRequest("POST", path, Map.of(), GRAFANA_FORM, form.getBytes(StandardCharsets.UTF_8));
    }
}
