package io.promless.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the HTTP requests Grafana's Prometheus data source sends, byte for byte in method,
 * path, parameters and headers, against Debian's Prometheus and Promless loaded with the same
 * data, and requires the same answers: the health check on save, the metric browser and label
 * values, Explore's instant and range queries, dashboard panels with {@code $__rate_interval}
 * already interpolated (Grafana does that before sending), template variables, annotations and a
 * query error. Times are Unix seconds and ranges aligned to the step, as Grafana sends them.
 */
class GrafanaReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Dataset DATASET = DataGenerator.defaultDataset();
    private static final long START = DATASET.startMillis() / 1000;
    private static final long END = DATASET.endMillis() / 1000;
    /** Explore's last hour of the data, aligned to its 15 s step. */
    private static final long HOUR_AGO = (END - 3600) / 15 * 15;

    @TempDir
    static Path workDirectory;

    private static DifferentialEnvironment environment;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** How two answers are compared. */
    enum Comparison {
        /** A PromQL result: same type and series, values equal to the differential tolerance. */
        QUERY_RESULT,
        /** The whole JSON body, exactly. */
        EXACT,
        /** Both succeed with the same field names (build info: versions differ by design). */
        SAME_FIELDS
    }

    /** One request as Grafana sends it: a GET with a query string, or a form POST. */
    record GrafanaRequest(String method, String path, String parameters) {
        HttpRequest toHttp(URI base) {
            HttpRequest.Builder builder = HttpRequest.newBuilder()
                    .timeout(Duration.ofSeconds(60))
                    .header("User-Agent", "Grafana/11.3.0")
                    .header("X-Grafana-Org-Id", "1")
                    .header("Accept", "application/json, text/plain, */*");
            if (method.equals("GET")) {
                return builder.uri(base.resolve(parameters.isEmpty() ? path : path + "?" + parameters)).GET().build();
            }
            return builder.uri(base.resolve(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(parameters))
                    .build();
        }
    }

    @BeforeAll
    static void startBothServers() {
        environment = DifferentialEnvironment.start(DATASET, workDirectory, PromlessEngine.engine(),
                PromlessEngine.selectorParser());
    }

    @AfterAll
    static void stop() {
        if (environment != null) {
            environment.close();
        }
    }

    static Stream<Arguments> grafanaSession() {
        String range = "start=" + START + "&end=" + END;
        return Stream.of(
                // Save & test.
                Arguments.of("health check", post("/api/v1/query", "query", "1+1", "time", END), Comparison.QUERY_RESULT),
                Arguments.of("build info", get("/api/v1/status/buildinfo", ""), Comparison.SAME_FIELDS),
                // Metric browser and query builder.
                Arguments.of("metric names", get("/api/v1/label/__name__/values", range + "&limit=40000"), Comparison.EXACT),
                Arguments.of("metric names of a job", get("/api/v1/label/__name__/values",
                        "match%5B%5D=" + encode("{job=\"api\"}") + "&" + range), Comparison.EXACT),
                Arguments.of("label names", get("/api/v1/labels", range + "&limit=40000"), Comparison.EXACT),
                Arguments.of("label names of a metric", post("/api/v1/labels", "start", START, "end", END,
                        "match[]", "request_duration_seconds_bucket"), Comparison.EXACT),
                Arguments.of("label values of a metric", get("/api/v1/label/instance/values",
                        "match%5B%5D=" + encode("up{job=\"web\"}") + "&" + range), Comparison.EXACT),
                Arguments.of("series of a metric", get("/api/v1/series",
                        "match%5B%5D=" + encode("http_requests_total{status=\"500\"}") + "&" + range), Comparison.EXACT),
                Arguments.of("series by regex", post("/api/v1/series", "match[]", "{__name__=~\"node_.*|queue_depth\"}",
                        "start", START, "end", END), Comparison.EXACT),
                Arguments.of("metadata", get("/api/v1/metadata", ""), Comparison.EXACT),
                Arguments.of("metadata of one metric", get("/api/v1/metadata", "metric=up"), Comparison.EXACT),
                // Explore: instant and range query of one expression, and its exemplars.
                Arguments.of("Explore instant", post("/api/v1/query",
                        "query", "sum by (job) (rate(http_requests_total[5m]))", "time", END), Comparison.QUERY_RESULT),
                Arguments.of("Explore range", post("/api/v1/query_range",
                        "query", "sum by (job) (rate(http_requests_total[5m]))", "start", HOUR_AGO, "end", END / 15 * 15,
                        "step", 15), Comparison.QUERY_RESULT),
                Arguments.of("Explore exemplars", post("/api/v1/query_exemplars",
                        "query", "http_requests_total", "start", HOUR_AGO, "end", END), Comparison.EXACT),
                // Dashboard panels over 3 hours: $__rate_interval = max(4 x 15 s scrape interval, step + 15 s).
                Arguments.of("panel rate by status", post("/api/v1/query_range",
                        "query", "sum by (status) (rate(http_requests_total{job=~\"api|web\"}[1m0s]))",
                        "start", START / 30 * 30, "end", END / 30 * 30, "step", 30), Comparison.QUERY_RESULT),
                Arguments.of("panel latency quantile", post("/api/v1/query_range",
                        "query", "histogram_quantile(0.95, sum by (le, handler) (rate(request_duration_seconds_bucket[2m15s])))",
                        "start", START / 120 * 120, "end", END / 120 * 120, "step", 120), Comparison.QUERY_RESULT),
                Arguments.of("panel memory stacked", post("/api/v1/query_range",
                        "query", "sum by (instance) (node_memory_bytes{kind!=\"free\"})",
                        "start", START / 60 * 60, "end", END / 60 * 60, "step", 60), Comparison.QUERY_RESULT),
                Arguments.of("stat panel instant", post("/api/v1/query",
                        "query", "avg(up)", "time", END), Comparison.QUERY_RESULT),
                // Template variables: label_values(up, instance) and query_result(...).
                Arguments.of("variable label_values", get("/api/v1/label/instance/values",
                        "match%5B%5D=up&" + range), Comparison.EXACT),
                Arguments.of("variable query_result", post("/api/v1/query",
                        "query", "topk(3, sum by (queue) (queue_depth))", "time", END), Comparison.QUERY_RESULT),
                // Annotations: a range query at Grafana's 60 s annotation step.
                Arguments.of("annotations", post("/api/v1/query_range",
                        "query", "changes(up[5m]) > 0", "start", START / 60 * 60, "end", END / 60 * 60, "step", 60),
                        Comparison.QUERY_RESULT),
                // A user's typo: the error Grafana shows under the query.
                Arguments.of("query error", post("/api/v1/query_range",
                        "query", "sum(rate(http_requests_total[5m])", "start", HOUR_AGO, "end", END, "step", 15),
                        Comparison.QUERY_RESULT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grafanaSession")
    void promlessAnswersGrafanaAsPrometheusDoes(String step, GrafanaRequest request, Comparison comparison) throws Exception {
        HttpResponse<String> prometheus = send(request, environment.prometheusClient().baseUri());
        HttpResponse<String> promless = send(request, environment.promlessClient().baseUri());

        assertThat(promless.statusCode()).as("HTTP status of %s", step).isEqualTo(prometheus.statusCode());
        assertThat(promless.headers().firstValue("Content-Type")).as("Content-Type").contains("application/json");
        switch (comparison) {
            case QUERY_RESULT -> {
                QueryOutcome expected = QueryClient.parse(prometheus.statusCode(), prometheus.body());
                QueryOutcome actual = QueryClient.parse(promless.statusCode(), promless.body());
                assertThat(expected.isSuccess() || step.equals("query error")).as("Prometheus answered %s", expected).isTrue();
                assertThat(ResultComparator.compare(expected, actual, false)).as(step).isEmpty();
                if (!expected.isSuccess()) {
                    assertThat(withoutParameterPrefix(actual.error())).isEqualTo(withoutParameterPrefix(expected.error()));
                }
            }
            case EXACT -> assertThat(JSON.readTree(promless.body())).as(step).isEqualTo(JSON.readTree(prometheus.body()));
            case SAME_FIELDS -> {
                JsonNode expected = JSON.readTree(prometheus.body());
                JsonNode actual = JSON.readTree(promless.body());
                assertThat(actual.path("status").asText()).isEqualTo("success");
                assertThat(fieldNames(actual.path("data"))).isEqualTo(fieldNames(expected.path("data")));
            }
        }
    }

    private static HttpResponse<String> send(GrafanaRequest request, URI base) throws IOException, InterruptedException {
        return HTTP.send(request.toHttp(base), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * Prometheus 3 (and Promless) name the parameter a parse error came from, {@code invalid
     * parameter "query": 1:5: parse error: ...}; the 2.42 reference reports parse errors of range
     * queries without that prefix. The position and text after it must match.
     */
    private static String withoutParameterPrefix(String error) {
        return error.replaceFirst("^invalid parameter \"query\": ", "");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names.stream().sorted().toList();
    }

    private static GrafanaRequest get(String path, String query) {
        return new GrafanaRequest("GET", path, query);
    }

    /** A form POST; values are encoded as Grafana's client encodes them. */
    private static GrafanaRequest post(String path, Object... namesAndValues) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) {
                form.append('&');
            }
            form.append(encode(namesAndValues[i].toString())).append('=').append(encode(namesAndValues[i + 1].toString()));
        }
        return new GrafanaRequest("POST", path, form.toString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
