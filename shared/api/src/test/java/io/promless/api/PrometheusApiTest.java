package io.promless.api;

import static io.promless.api.InMemoryQueryable.series;
import static org.assertj.core.api.Assertions.assertThat;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.Labels;
import io.promless.promql.value.MatrixValue;
import io.promless.promql.value.ScalarValue;
import io.promless.promql.value.StringValue;
import io.promless.promql.value.VectorSample;
import io.promless.promql.value.VectorValue;
import io.promless.storage.Series;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrometheusApiTest {
    private static final long NOW = 1_700_000_000_123L;
    private static final Labels UP_API_A = Labels.of("__name__", "up", "job", "api", "instance", "a");
    private static final Labels UP_API_B = Labels.of("__name__", "up", "job", "api", "instance", "b");
    private static final Labels UP_DB_C = Labels.of("__name__", "up", "job", "db", "instance", "c");
    private static final Labels REQUESTS = Labels.of("__name__", "http_requests_total", "job", "api", "code", "200");
    private static final Labels DOTTED = Labels.of("__name__", "up", "http.method", "GET");

    private final InMemoryQueryable storage = new InMemoryQueryable(List.of(
            series(UP_API_A, 1000, 1),
            series(UP_API_B, 1000, 1),
            series(UP_DB_C, 1000, 0),
            series(REQUESTS, 1000, 5, 2000, 7),
            series(DOTTED, 1000, 1)));
    private final RecordingQueryEngine engine = new RecordingQueryEngine();
    private final PrometheusApi api =
            new PrometheusApi(engine, storage, new FakeSelectorParser(), InstantSource.fixed(Instant.ofEpochMilli(NOW)));

    @Test
    void answersAnInstantQueryWithPrometheusVectorShape() {
        engine.answering(new VectorValue(List.of(
                new VectorSample(Labels.of("__name__", "up", "job", "api"), 1435781451781L, 1),
                new VectorSample(Labels.of("job", "db"), 1435781451781L, Double.NaN))));

        ApiResponse response = api.handle(get("/api/v1/query?query=up&time=1435781451.781"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Content-Type", "application/json");
        assertThat(response.bodyText()).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"__name__\":\"up\",\"job\":\"api\"},\"value\":[1435781451.781,\"1\"]},"
                + "{\"metric\":{\"job\":\"db\"},\"value\":[1435781451.781,\"NaN\"]}]}}");
        assertThat(engine.lastQuery).isEqualTo("up");
        assertThat(engine.lastTime).isEqualTo(1435781451781L);
    }

    @Test
    void instantQueryDefaultsToTheClock() {
        engine.answering(new ScalarValue(NOW, 2.5));

        ApiResponse response = api.handle(get("/api/v1/query?query=2.5"));

        assertThat(engine.lastTime).isEqualTo(NOW);
        assertThat(response.bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000.123,\"2.5\"]}}");
    }

    @Test
    void writesScalarsThroughGoJsonRules() {
        engine.answering(new ScalarValue(1435781451780L, 1e-7));

        assertThat(api.handle(get("/api/v1/query?query=1e-7&time=1435781451.78")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1435781451.78,\"0.0000001\"]}}");
    }

    @Test
    void writesStringResults() {
        engine.answering(new StringValue(1000, "hello \"world\" <&>"));

        assertThat(api.handle(get("/api/v1/query?query=%22hello%22&time=1")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":"
                        + "[1,\"hello \\\"world\\\" \\u003c\\u0026\\u003e\"]}}");
    }

    @Test
    void answersARangeQueryWithMatrixShapeAndMillisecondStep() {
        engine.answering(new MatrixValue(List.of(new Series(
                Labels.of("job", "api"), new long[] {1000, 16000}, new double[] {1e21, Double.POSITIVE_INFINITY}))));

        ApiResponse response = api.handle(get("/api/v1/query_range?query=rate(x[5m])&start=1&end=16&step=15s"));

        assertThat(response.bodyText()).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"job\":\"api\"},\"values\":[[1,\"1e+21\"],[16,\"+Inf\"]]}]}}");
        assertThat(engine.lastQuery).isEqualTo("rate(x[5m])");
        assertThat(engine.lastStart).isEqualTo(1000);
        assertThat(engine.lastEnd).isEqualTo(16000);
        assertThat(engine.lastStep).isEqualTo(15000);
    }

    @Test
    void postedFormBodyIsMergedWithUrlParametersBodyFirst() {
        engine.answering(new VectorValue(List.of()));
        ApiRequest request = new ApiRequest(
                "POST",
                "/api/v1/query_range",
                FormDecoder.decode("step=60&start=100").values(),
                Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
                "query=sum%28up%29&start=0&end=3600".getBytes(StandardCharsets.UTF_8));

        ApiResponse response = api.handle(request);

        assertThat(response.status()).isEqualTo(200);
        assertThat(engine.lastQuery).isEqualTo("sum(up)");
        assertThat(engine.lastStart).isZero();
        assertThat(engine.lastEnd).isEqualTo(3_600_000);
        assertThat(engine.lastStep).isEqualTo(60_000);
    }

    @Test
    void limitTruncatesQueryResultsWithPrometheusWarning() {
        engine.answering(new VectorValue(List.of(
                new VectorSample(Labels.of("i", "1"), 1000, 1),
                new VectorSample(Labels.of("i", "2"), 1000, 2),
                new VectorSample(Labels.of("i", "3"), 1000, 3))));

        assertThat(api.handle(get("/api/v1/query?query=x&time=1&limit=2")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                        + "{\"metric\":{\"i\":\"1\"},\"value\":[1,\"1\"]},{\"metric\":{\"i\":\"2\"},\"value\":[1,\"2\"]}]},"
                        + "\"warnings\":[\"results truncated due to limit\"]}");
        assertThat(api.handle(get("/api/v1/query?query=x&time=1&limit=3")).bodyText()).doesNotContain("warnings");
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("/api/v1/query?query=up&time=soon",
                        "invalid parameter \"time\": invalid time value for 'time': cannot parse \"soon\" to a valid timestamp"),
                Arguments.of("/api/v1/query?query=up&limit=abc",
                        "invalid parameter \"limit\": strconv.Atoi: parsing \"abc\": invalid syntax"),
                Arguments.of("/api/v1/query?query=up&limit=-1", "invalid parameter \"limit\": limit must be non-negative"),
                Arguments.of("/api/v1/query?query=up&timeout=abc",
                        "invalid parameter \"timeout\": cannot parse \"abc\" to a valid duration"),
                Arguments.of("/api/v1/query?query=up&lookback_delta=1.5s",
                        "error parsing lookback delta duration: cannot parse \"1.5s\" to a valid duration"),
                Arguments.of("/api/v1/query?query=up&time=soon&timeout=x",
                        "invalid parameter \"time\": invalid time value for 'time': cannot parse \"soon\" to a valid timestamp"),
                Arguments.of("/api/v1/query_range?query=up&end=10&step=1",
                        "invalid parameter \"start\": cannot parse \"\" to a valid timestamp"),
                Arguments.of("/api/v1/query_range?query=up&start=0&end=later&step=1",
                        "invalid parameter \"end\": cannot parse \"later\" to a valid timestamp"),
                Arguments.of("/api/v1/query_range?query=up&start=10&end=5&step=1",
                        "invalid parameter \"end\": end timestamp must not be before start time"),
                Arguments.of("/api/v1/query_range?query=up&start=0&end=5&step=often",
                        "invalid parameter \"step\": cannot parse \"often\" to a valid duration"),
                Arguments.of("/api/v1/query_range?query=up&start=0&end=5&step=0s",
                        "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer"),
                Arguments.of("/api/v1/query_range?query=up&start=0&end=5&step=-1",
                        "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer"),
                Arguments.of("/api/v1/query_range?query=up&start=0&end=5&step=1e30",
                        "invalid parameter \"step\": cannot parse \"1e30\" to a valid duration. It overflows int64"),
                Arguments.of("/api/v1/query_range?query=up&start=0&end=11001&step=1",
                        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"),
                Arguments.of("/api/v1/query_range?query=up&start=0&end=5&step=1&limit=x&timeout=y",
                        "invalid parameter \"limit\": strconv.Atoi: parsing \"x\": invalid syntax"),
                Arguments.of("/api/v1/series", "no match[] parameter provided"),
                Arguments.of("/api/v1/series?limit=some", "no match[] parameter provided"),
                Arguments.of("/api/v1/series?match[]=up{",
                        "invalid parameter \"match[]\": 1:4: parse error: unexpected end of input inside braces"),
                Arguments.of("/api/v1/series?match[]={job=~\".*\"}",
                        "invalid parameter \"match[]\": match[] must contain at least one non-empty matcher"),
                Arguments.of("/api/v1/series?match[]={}&match[]=up{",
                        "invalid parameter \"match[]\": 1:4: parse error: unexpected end of input inside braces"),
                Arguments.of("/api/v1/series?match[]=up{&start=x",
                        "invalid parameter \"start\": invalid time value for 'start': cannot parse \"x\" to a valid timestamp"),
                Arguments.of("/api/v1/series?match[]=up&limit=some",
                        "invalid parameter \"limit\": strconv.Atoi: parsing \"some\": invalid syntax"),
                Arguments.of("/api/v1/labels?match[]=up{", "1:4: parse error: unexpected end of input inside braces"),
                Arguments.of("/api/v1/labels?end=later",
                        "invalid parameter \"end\": invalid time value for 'end': cannot parse \"later\" to a valid timestamp"),
                Arguments.of("/api/v1/labels?limit=some&start=x",
                        "invalid parameter \"limit\": strconv.Atoi: parsing \"some\": invalid syntax"),
                Arguments.of("/api/v1/label/job/values?match[]={}", "match[] must contain at least one non-empty matcher"),
                Arguments.of("/api/v1/label/job/values?limit=-2", "invalid parameter \"limit\": limit must be non-negative"),
                Arguments.of("/api/v1/label//values", "invalid label name: \"\""),
                Arguments.of("/api/v1/label/U__/values", "invalid label name: \"\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void refusesBadRequestsInPrometheusWords(String pathAndQuery, String message) {
        ApiResponse response = api.handle(get(pathAndQuery));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers()).containsEntry("Content-Type", "application/json");
        assertThat(response.bodyText()).isEqualTo(
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":" + jsonString(message) + "}");
        assertThat(engine.calls).isZero();
    }

    @Test
    void engineParseErrorsNameTheQueryParameter() {
        engine.failing(new PromlessException(ErrorType.BAD_DATA, "1:5: parse error: unclosed left parenthesis"));

        for (String path : List.of("/api/v1/query?query=sum(", "/api/v1/query_range?query=sum(&start=0&end=1&step=1")) {
            ApiResponse response = api.handle(get(path));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.bodyText()).isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\","
                    + "\"error\":\"invalid parameter \\\"query\\\": 1:5: parse error: unclosed left parenthesis\"}");
        }
    }

    static Stream<Arguments> engineFailures() {
        return Stream.of(
                Arguments.of(new PromlessException(ErrorType.EXECUTION, "too many samples"), 422, "execution"),
                Arguments.of(new PromlessException(ErrorType.TIMEOUT, "query timed out in query execution"), 503, "timeout"),
                Arguments.of(new PromlessException(ErrorType.CANCELED, "query was canceled in query execution"), 499, "canceled"),
                Arguments.of(new PromlessException(ErrorType.INTERNAL, "storage broke"), 500, "internal"),
                Arguments.of(new PromlessException(ErrorType.UNAVAILABLE, "not ready"), 500, "unavailable"),
                Arguments.of(new PromlessException(ErrorType.NOT_FOUND, "gone"), 404, "not_found"),
                Arguments.of(new IllegalStateException("bug"), 500, "internal"));
    }

    @ParameterizedTest(name = "{2} -> {1}")
    @MethodSource("engineFailures")
    void mapsEngineFailuresToPrometheusStatusCodes(RuntimeException failure, int status, String errorType) {
        engine.failing(failure);

        ApiResponse response = api.handle(get("/api/v1/query?query=up"));

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.bodyText()).isEqualTo("{\"status\":\"error\",\"errorType\":\"" + errorType + "\",\"error\":\""
                + failure.getMessage() + "\"}");
    }

    @Test
    void seriesMergesSelectorsSortedWithoutDuplicatesOverTheDefaultWindow() {
        ApiResponse response = api.handle(get("/api/v1/series?match[]=up{job=\"api\"}&match[]={instance=~\"a|c\"}"));

        assertThat(response.bodyText()).isEqualTo("{\"status\":\"success\",\"data\":["
                + "{\"__name__\":\"up\",\"instance\":\"a\",\"job\":\"api\"},"
                + "{\"__name__\":\"up\",\"instance\":\"b\",\"job\":\"api\"},"
                + "{\"__name__\":\"up\",\"instance\":\"c\",\"job\":\"db\"}]}");
        assertThat(storage.openedWindows).singleElement()
                .satisfies(window -> assertThat(window).containsExactly(ApiParameters.MIN_TIME_MILLIS, ApiParameters.MAX_TIME_MILLIS));
        assertThat(storage.openQueriers).isZero();
    }

    @Test
    void seriesHonoursWindowAndLimit() {
        ApiResponse response = api.handle(get("/api/v1/series?match[]=up&start=0&end=2&limit=2"));

        assertThat(response.bodyText()).isEqualTo("{\"status\":\"success\",\"data\":["
                + "{\"__name__\":\"up\",\"http.method\":\"GET\"},"
                + "{\"__name__\":\"up\",\"instance\":\"a\",\"job\":\"api\"}],"
                + "\"warnings\":[\"results truncated due to limit\"]}");
        assertThat(storage.openedWindows.get(0)).containsExactly(0, 2000);
    }

    @Test
    void labelNamesListsAllOrMatchedNames() {
        assertThat(api.handle(get("/api/v1/labels")).bodyText()).isEqualTo(
                "{\"status\":\"success\",\"data\":[\"__name__\",\"code\",\"http.method\",\"instance\",\"job\"]}");
        assertThat(api.handle(get("/api/v1/labels?match[]=http_requests_total&match[]=up{job=\"db\"}")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"code\",\"instance\",\"job\"]}");
        assertThat(api.handle(get("/api/v1/labels?limit=1")).bodyText()).isEqualTo(
                "{\"status\":\"success\",\"data\":[\"__name__\"],\"warnings\":[\"results truncated due to limit\"]}");
        assertThat(api.handle(post("/api/v1/labels", "match[]=up%7Bjob%3D%22db%22%7D")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"instance\",\"job\"]}");
    }

    @Test
    void labelValuesAcceptsPlainAndEscapedUtf8Names() {
        assertThat(api.handle(get("/api/v1/label/job/values")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":[\"api\",\"db\"]}");
        assertThat(api.handle(get("/api/v1/label/U__http_2e_method/values")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":[\"GET\"]}");
        assertThat(api.handle(get("/api/v1/label/http.method/values")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":[\"GET\"]}");
        assertThat(api.handle(get("/api/v1/label/instance/values?match[]=up{job=\"api\"}&limit=1")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":[\"a\"],\"warnings\":[\"results truncated due to limit\"]}");
        assertThat(api.handle(get("/api/v1/label/nothing/values")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":[]}");
    }

    static Stream<Arguments> routing() {
        return Stream.of(
                Arguments.of("GET", "/api/v1/unknown", 404, null, "404 page not found\n"),
                Arguments.of("GET", "/metrics", 404, null, "404 page not found\n"),
                Arguments.of("GET", "/api/v1/query/", 404, null, "404 page not found\n"),
                Arguments.of("GET", "/api/v1/label/a/b/values", 404, null, "404 page not found\n"),
                Arguments.of("PUT", "/api/v1/query", 405, "GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("DELETE", "/api/v1/query_range", 405, "GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("HEAD", "/api/v1/labels", 405, "GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("PUT", "/api/v1/series", 405, "DELETE, GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("POST", "/api/v1/label/job/values", 405, "GET, OPTIONS", "Method Not Allowed\n"),
                Arguments.of("PUT", "/api/v1/query_exemplars", 405, "GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("DELETE", "/api/v1/format_query", 405, "GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("PATCH", "/api/v1/parse_query", 405, "GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("PUT", "/api/v1/metadata", 405, "GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("DELETE", "/api/v1/targets", 405, "GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("PUT", "/api/v1/scrape_pools", 405, "GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("PUT", "/api/v1/rules", 405, "GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("PUT", "/api/v1/alerts", 405, "GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("PUT", "/api/v1/alertmanagers", 405, "GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("HEAD", "/api/v1/status/buildinfo", 405, "GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("PUT", "/api/v1/status/runtimeinfo", 405, "GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("PUT", "/api/v1/status/config", 405, "GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("PUT", "/api/v1/status/flags", 405, "GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("PUT", "/api/v1/status/tsdb", 405, "GET, OPTIONS, POST", "Method Not Allowed\n"),
                Arguments.of("GET", "/api/v1/status/walreplay", 404, null, "404 page not found\n"),
                Arguments.of("GET", "/api/v1/status", 404, null, "404 page not found\n"),
                Arguments.of("OPTIONS", "/api/v1/query", 204, null, ""),
                Arguments.of("OPTIONS", "/api/v1/anything/at/all", 204, null, ""),
                Arguments.of("DELETE", "/api/v1/series", 500, null,
                        "{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"not implemented\"}"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("routing")
    void routesLikePrometheus(String method, String path, int status, String allow, String body) {
        ApiResponse response = api.handle(new ApiRequest(method, path, Map.of(), Map.of(), new byte[0]));

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.bodyText()).isEqualTo(body);
        assertThat(response.headers().get("Allow")).isEqualTo(allow);
        if (status == 404 || status == 405) {
            assertThat(response.headers()).containsEntry("Content-Type", "text/plain; charset=utf-8");
        }
    }

    @Test
    void addsCorsHeadersWhenTheBrowserSendsAnOrigin() {
        engine.answering(new ScalarValue(0, 1));
        ApiRequest request = new ApiRequest("GET", "/api/v1/query", Map.of("query", List.of("1")),
                Map.of("origin", List.of("http://grafana.local")), new byte[0]);

        ApiResponse response = api.handle(request);

        assertThat(response.headers())
                .containsEntry("Access-Control-Allow-Origin", "*")
                .containsEntry("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                .containsEntry("Vary", "Origin");
        assertThat(api.handle(get("/api/v1/query?query=1")).headers()).doesNotContainKey("Access-Control-Allow-Origin");
    }

    @Test
    void escapesLabelTextAsGoDoes() {
        engine.answering(new VectorValue(List.of(
                new VectorSample(Labels.of("v", "a<b>&c\u2028\u0001\n\u00e9\"\\"), 0, 0.5))));

        assertThat(api.handle(get("/api/v1/query?query=x&time=0")).bodyText())
                .contains("{\"v\":\"a\\u003cb\\u003e\\u0026c\\u2028\\u0001\\n\u00e9\\\"\\\\\"}");
    }

    static ApiRequest get(String pathAndQuery) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? "" : pathAndQuery.substring(question + 1);
        return ApiRequest.of("GET", path, FormDecoder.decode(query).values());
    }

    static ApiRequest post(String path, String form) {
        return new ApiRequest("POST", path, Map.of(),
                Map.of("Content-Type", List.of("application/x-www-form-urlencoded")), form.getBytes(StandardCharsets.UTF_8));
    }

    private static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
