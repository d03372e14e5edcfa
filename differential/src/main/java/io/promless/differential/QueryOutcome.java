package io.promless.differential;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one server answered to one query, reduced to what the comparison looks at. For a
 * successful answer {@code resultType} is matrix, vector, scalar or string and {@code series}
 * holds the result (a scalar or string is one series without labels and one point); for an
 * error {@code errorType} and {@code error} are set and {@code series} is empty.
 */
public record QueryOutcome(int httpStatus, String status, String errorType, String error, String resultType,
        List<ResultSeries> series) {
    public QueryOutcome {
        requireNonNull(status, "status is null");
        series = List.copyOf(requireNonNull(series, "series is null"));
    }

    public boolean isSuccess() {
        return status.equals("success");
    }

    public static QueryOutcome success(String resultType, List<ResultSeries> series) {
        return new QueryOutcome(200, "success", null, null, resultType, series);
    }

    public static QueryOutcome error(int httpStatus, String errorType, String error) {
        return new QueryOutcome(httpStatus, "error", errorType, error, null, List.of());
    }

    /** One result element: its labels and its points in the order the server sent them. */
    public record ResultSeries(Map<String, String> labels, List<Point> points) {
        public ResultSeries {
            labels = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(labels, "labels is null")));
            points = List.copyOf(requireNonNull(points, "points is null"));
        }
    }

    /** A point: milliseconds and the value exactly as the server wrote it (e.g. {@code "1.5"}, {@code "NaN"}). */
    public record Point(long timestampMillis, String value) {
        public Point {
            requireNonNull(value, "value is null");
        }
    }
}
