package io.promless.differential;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends queries to a Prometheus-compatible HTTP API (form-encoded POSTs to /api/v1/query and
 * /api/v1/query_range) and parses the answers into {@link QueryOutcome}s. Thread-safe.
 */
public final class QueryClient {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI baseUri;

    public QueryClient(URI baseUri) {
        this.baseUri = requireNonNull(baseUri, "baseUri is null");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The API's base address, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        return baseUri;
    }

    public QueryOutcome run(QueryRequest request) {
        requireNonNull(request, "request is null");
        return switch (request) {
            case QueryRequest.Instant instant -> post("/api/v1/query",
                    form("query", instant.query(), "time", seconds(instant.time())));
            case QueryRequest.Range range -> post("/api/v1/query_range",
                    form("query", range.query(), "start", seconds(range.start()), "end", seconds(range.end()),
                            "step", seconds(range.step())));
        };
    }

    /** Milliseconds as decimal seconds, e.g. {@code 1700000000.5}. */
    static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    private QueryOutcome post(String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during POST " + request.uri(), e);
        }
        return parse(response.statusCode(), response.body());
    }

    /** Parses a Prometheus API answer; a body that is not the API's JSON becomes an error outcome. */
    static QueryOutcome parse(int httpStatus, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return QueryOutcome.error(httpStatus, "not_json", abbreviate(body));
        }
        if (root == null || !root.isObject()) {
            return QueryOutcome.error(httpStatus, "not_json", abbreviate(body));
        }
        String status = root.path("status").asText("");
        if (!status.equals("success")) {
            return QueryOutcome.error(httpStatus, root.path("errorType").asText(""), root.path("error").asText(""));
        }
        JsonNode data = root.path("data");
        String resultType = data.path("resultType").asText("");
        JsonNode result = data.path("result");
        List<QueryOutcome.ResultSeries> series = new ArrayList<>();
        switch (resultType) {
            case "scalar", "string" -> series.add(new QueryOutcome.ResultSeries(Map.of(), List.of(point(result))));
            case "vector" -> {
                for (JsonNode element : result) {
                    series.add(new QueryOutcome.ResultSeries(labels(element.path("metric")), List.of(point(element.path("value")))));
                }
            }
            case "matrix" -> {
                for (JsonNode element : result) {
                    List<QueryOutcome.Point> points = new ArrayList<>();
                    for (JsonNode value : element.path("values")) {
                        points.add(point(value));
                    }
                    series.add(new QueryOutcome.ResultSeries(labels(element.path("metric")), points));
                }
            }
            default -> {
                return QueryOutcome.error(httpStatus, "unknown_result_type", "resultType " + resultType);
            }
        }
        return new QueryOutcome(httpStatus, status, null, null, resultType, series);
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : metric.properties()) {
            labels.put(field.getKey(), field.getValue().asText());
        }
        return labels;
    }

    private static QueryOutcome.Point point(JsonNode pair) {
        long millis = pair.path(0).decimalValue().movePointRight(3).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
        return new QueryOutcome.Point(millis, pair.path(1).asText());
    }

    private static String form(String... namesAndValues) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) {
                form.append('&');
            }
            form.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }
}
