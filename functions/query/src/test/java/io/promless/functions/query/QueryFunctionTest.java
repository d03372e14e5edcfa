package io.promless.functions.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promless.api.ApiRequest;
import io.promless.api.ApiResponse;
import io.promless.api.PrometheusApi;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.promql.QueryEngine;
import io.promless.promql.value.MatrixValue;
import io.promless.promql.value.Value;
import io.promless.promql.value.VectorSample;
import io.promless.promql.value.VectorValue;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class QueryFunctionTest {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final List<Labels> SERIES = List.of(
            Labels.of("__name__", "up", "job", "api", "http.method", "GET"),
            Labels.of("__name__", "up", "job", "prometheus"),
            Labels.of("__name__", "process_start_time_seconds", "job", "prometheus"));

    private final StubEngine engine = new StubEngine();
    private final PrometheusApi api = new PrometheusApi(
            engine, new LabelsOnlyStorage(), QueryFunctionTest::parseSelector, InstantSource.fixed(Instant.EPOCH));
    private final QueryFunction function = new QueryFunction(api);

    @Test
    void decodesMethodPathRepeatedParametersAndHeaders() throws IOException {
        List<ApiRequest> seen = new ArrayList<>();
        QueryFunction recording = new QueryFunction(request -> {
            seen.add(request);
            return new ApiResponse(200, Map.of(), new byte[0]);
        });

        recording.handleRequest(event("get-series-repeated-match.json"), null);

        ApiRequest request = seen.get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/api/v1/series");
        assertThat(request.queryParameters().get("match[]"))
                .containsExactly("up", "process_start_time_seconds{job=\"prometheus\"}");
        assertThat(request.queryParameters().get("start")).containsExactly("1700000000");
        assertThat(request.header("User-Agent")).contains("Grafana/11.3.0");
        assertThat(request.body()).isEmpty();
    }

    @Test
    void answersAnInstantQueryWithPrometheusJson() throws IOException {
        engine.answer = new VectorValue(List.of(new VectorSample(Labels.of("job", "api"), 1_700_000_000_500L, 0.25)));

        APIGatewayV2HTTPResponse response = function.handleRequest(event("get-instant-query.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
        assertThat(response.getIsBase64Encoded()).isFalse();
        assertThat(response.getBody()).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                + "[{\"metric\":{\"job\":\"api\"},\"value\":[1700000000.500,\"0.25\"]}]}}");
        assertThat(engine.query).isEqualTo("sum(rate(http_requests_total[5m])) by (job)");
        assertThat(engine.time).isEqualTo(1_700_000_000_500L);
    }

    @Test
    void decodesBase64FormBodiesOfPosts() throws IOException {
        engine.answer = new MatrixValue(List.of());

        APIGatewayV2HTTPResponse response = function.handleRequest(event("post-range-query-form-base64.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody())
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}");
        assertThat(engine.query).isEqualTo("rate(http_requests_total{job=\"api\"}[5m])");
        assertThat(engine.start).isEqualTo(1_700_000_000_000L);
        assertThat(engine.end).isEqualTo(1_700_003_600_000L);
        assertThat(engine.step).isEqualTo(60_000L);
    }

    @Test
    void stripsANamedStageAndMergesPlainFormBodies() throws IOException {
        APIGatewayV2HTTPResponse response = function.handleRequest(event("post-labels-form-named-stage.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo(
                "{\"status\":\"success\",\"data\":[\"__name__\"],\"warnings\":[\"results truncated due to limit\"]}");
        assertThat(response.getHeaders()).containsEntry("Access-Control-Allow-Origin", "*");
    }

    @Test
    void readsUtf8LabelNamesEscapedOrFromFunctionUrls() throws IOException {
        String expected = "{\"status\":\"success\",\"data\":[\"GET\"]}";

        assertThat(function.handleRequest(event("get-label-values-escaped-utf8.json"), null).getBody()).isEqualTo(expected);
        assertThat(function.handleRequest(event("get-label-values-function-url.json"), null).getBody()).isEqualTo(expected);
    }

    @Test
    void servesTheWebUiBesideTheApi() throws IOException {
        QueryFunction withUi = new QueryFunction(QueryWiring.withWebUi(api));

        APIGatewayV2HTTPResponse page = withUi.handleRequest(event("get-ui-page-named-stage.json"), null);
        APIGatewayV2HTTPResponse labels = withUi.handleRequest(event("post-labels-form-named-stage.json"), null);

        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getHeaders()).containsEntry("Content-Type", "text/html; charset=utf-8")
                .containsEntry("Cache-Control", "no-cache");
        assertThat(page.getBody()).contains("<title>Promless · Query</title>").contains("src=\"assets/app/query.js\"");
        assertThat(labels.getStatusCode()).isEqualTo(200);
        assertThat(labels.getBody()).startsWith("{\"status\":\"success\"");
    }

    @Test
    void answersBadEventsWithClearErrors() throws IOException {
        APIGatewayV2HTTPResponse brokenBody = function.handleRequest(event("post-query-broken-base64.json"), null);
        APIGatewayV2HTTPResponse noContext = function.handleRequest(new APIGatewayV2HTTPEvent(), null);
        APIGatewayV2HTTPResponse nothing = function.handleRequest(null, null);

        assertThat(brokenBody.getStatusCode()).isEqualTo(400);
        assertThat(brokenBody.getBody()).startsWith("body is not valid base64");
        assertThat(noContext.getStatusCode()).isEqualTo(400);
        assertThat(noContext.getBody()).isEqualTo("event has no requestContext.http.method\n");
        assertThat(nothing.getStatusCode()).isEqualTo(400);
    }

    @Test
    void passesPrometheusErrorsThrough() throws IOException {
        engine.failure = new PromlessException(ErrorType.EXECUTION, "query processing would load too many samples");

        APIGatewayV2HTTPResponse response = function.handleRequest(event("get-instant-query.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(response.getBody()).isEqualTo("{\"status\":\"error\",\"errorType\":\"execution\","
                + "\"error\":\"query processing would load too many samples\"}");
    }

    @Test
    void encodesBinaryBodiesAsBase64() throws IOException {
        byte[] gzipMagic = {(byte) 0x1f, (byte) 0x8b, 8, 0};
        QueryFunction binary = new QueryFunction(request -> new ApiResponse(200, Map.of("Content-Encoding", "gzip"), gzipMagic));

        APIGatewayV2HTTPResponse response = binary.handleRequest(event("get-instant-query.json"), null);

        assertThat(response.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(response.getBody())).isEqualTo(gzipMagic);
        assertThat(response.getHeaders()).containsEntry("Content-Encoding", "gzip");
    }

    private static APIGatewayV2HTTPEvent event(String name) throws IOException {
        try (InputStream in = QueryFunctionTest.class.getResourceAsStream("/events/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return JSON.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), APIGatewayV2HTTPEvent.class);
        }
    }

    /** Enough selector syntax for the fixtures: {@code name} and {@code name{label="value"}}. */
    private static List<LabelMatcher> parseSelector(String selector) {
        int brace = selector.indexOf('{');
        if (brace < 0) {
            return List.of(LabelMatcher.equal("__name__", selector));
        }
        String[] pair = selector.substring(brace + 1, selector.length() - 1).split("=", 2);
        return List.of(
                LabelMatcher.equal("__name__", selector.substring(0, brace)),
                LabelMatcher.equal(pair[0], pair[1].replace("\"", "")));
    }

    private static final class StubEngine implements QueryEngine {
        Value answer;
        RuntimeException failure;
        String query;
        long time;
        long start;
        long end;
        long step;

        @Override
        public Value instantQuery(Queryable storage, String query, long time) {
            this.query = query;
            this.time = time;
            return result();
        }

        @Override
        public Value rangeQuery(Queryable storage, String query, long start, long end, long step) {
            this.query = query;
            this.start = start;
            this.end = end;
            this.step = step;
            return result();
        }

        private Value result() {
            if (failure != null) {
                throw failure;
            }
            return answer;
        }
    }

    /** Storage holding label sets only, which is all the metadata endpoints read. */
    private static final class LabelsOnlyStorage implements Queryable {
        @Override
        public Querier querier(long minTime, long maxTime) {
            return new Querier() {
                @Override
                public List<Series> select(List<LabelMatcher> matchers) {
                    return series(matchers).stream().map(labels -> new Series(labels, new long[0], new double[0])).toList();
                }

                @Override
                public List<Labels> series(List<LabelMatcher> matchers) {
                    return SERIES.stream()
                            .filter(labels -> matchers.stream().allMatch(matcher -> matcher.matches(labels)))
                            .sorted()
                            .toList();
                }

                @Override
                public List<String> labelNames(List<LabelMatcher> matchers) {
                    TreeSet<String> names = new TreeSet<>();
                    series(matchers).forEach(labels -> names.addAll(labels.names()));
                    return List.copyOf(names);
                }

                @Override
                public List<String> labelValues(String name, List<LabelMatcher> matchers) {
                    TreeSet<String> values = new TreeSet<>();
                    series(matchers).stream().filter(labels -> labels.has(name)).forEach(labels -> values.add(labels.get(name)));
                    return List.copyOf(values);
                }

                @Override
                public void close() {}
            };
        }
    }
}
