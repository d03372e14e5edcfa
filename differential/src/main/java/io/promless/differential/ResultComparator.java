package io.promless.differential;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares Promless's answer with Prometheus's: the same success or error (and error type), the
 * same result type, exactly the same label sets, the same timestamps, and values equal within
 * {@value #RELATIVE_TOLERANCE} relative (NaN equals NaN, infinities exactly; differences below
 * {@value #ABSOLUTE_TOLERANCE} also pass, because Prometheus 3 sums with Kahan compensation
 * where Prometheus 2.42 does not, so sums that cancel to about zero differ by rounding noise).
 * Order matters only when {@code ordered} (top-level sort, sort_desc, single-group topk...);
 * range results are always compared by label set. Error messages are not compared: their texts
 * differ between Prometheus versions.
 */
public final class ResultComparator {
    public static final double RELATIVE_TOLERANCE = 1e-9;
    public static final double ABSOLUTE_TOLERANCE = 1e-12;
    private static final int MAX_DIFFERENCES = 5;

    private ResultComparator() {}

    /** @return the differences found, at most a few, each one short line; empty when the answers agree */
    public static List<String> compare(QueryOutcome prometheus, QueryOutcome promless, boolean ordered) {
        requireNonNull(prometheus, "prometheus is null");
        requireNonNull(promless, "promless is null");
        List<String> differences = new ArrayList<>();
        if (prometheus.isSuccess() != promless.isSuccess()) {
            differences.add("Prometheus: " + summary(prometheus) + "; Promless: " + summary(promless));
            return differences;
        }
        if (!prometheus.isSuccess()) {
            if (!Objects.equals(prometheus.errorType(), promless.errorType())) {
                differences.add("error type: Prometheus " + summary(prometheus) + "; Promless " + summary(promless));
            }
            return differences;
        }
        if (!prometheus.resultType().equals(promless.resultType())) {
            differences.add("result type: Prometheus " + prometheus.resultType() + ", Promless " + promless.resultType());
            return differences;
        }
        compareSeries(prometheus.series(), promless.series(), ordered, differences);
        return differences.size() <= MAX_DIFFERENCES ? differences : limited(differences);
    }

    private static void compareSeries(List<QueryOutcome.ResultSeries> expected, List<QueryOutcome.ResultSeries> actual,
            boolean ordered, List<String> differences) {
        Map<Map<String, String>, QueryOutcome.ResultSeries> actualByLabels = byLabels(actual, "Promless", differences);
        Map<Map<String, String>, QueryOutcome.ResultSeries> expectedByLabels = byLabels(expected, "Prometheus", differences);
        for (QueryOutcome.ResultSeries series : expected) {
            QueryOutcome.ResultSeries other = actualByLabels.get(series.labels());
            if (other == null) {
                differences.add("missing in Promless: " + series.labels() + " " + points(series));
                continue;
            }
            comparePoints(series, other, differences);
        }
        for (QueryOutcome.ResultSeries series : actual) {
            if (!expectedByLabels.containsKey(series.labels())) {
                differences.add("extra in Promless: " + series.labels() + " " + points(series));
            }
        }
        if (ordered && differences.isEmpty()) {
            List<Map<String, String>> expectedOrder = expected.stream().map(QueryOutcome.ResultSeries::labels).toList();
            List<Map<String, String>> actualOrder = actual.stream().map(QueryOutcome.ResultSeries::labels).toList();
            if (!expectedOrder.equals(actualOrder)) {
                differences.add("order: Prometheus " + expectedOrder + ", Promless " + actualOrder);
            }
        }
    }

    private static Map<Map<String, String>, QueryOutcome.ResultSeries> byLabels(List<QueryOutcome.ResultSeries> series,
            String server, List<String> differences) {
        Map<Map<String, String>, QueryOutcome.ResultSeries> byLabels = new HashMap<>();
        for (QueryOutcome.ResultSeries element : series) {
            if (byLabels.putIfAbsent(element.labels(), element) != null) {
                differences.add("duplicate label set from " + server + ": " + element.labels());
            }
        }
        return byLabels;
    }

    private static void comparePoints(QueryOutcome.ResultSeries expected, QueryOutcome.ResultSeries actual,
            List<String> differences) {
        List<QueryOutcome.Point> expectedPoints = expected.points();
        List<QueryOutcome.Point> actualPoints = actual.points();
        int shared = Math.min(expectedPoints.size(), actualPoints.size());
        for (int i = 0; i < shared; i++) {
            QueryOutcome.Point want = expectedPoints.get(i);
            QueryOutcome.Point got = actualPoints.get(i);
            if (want.timestampMillis() != got.timestampMillis() || !valuesEqual(want.value(), got.value())) {
                differences.add(expected.labels() + " point " + i + ": Prometheus " + format(want) + ", Promless " + format(got)
                        + (expectedPoints.size() != actualPoints.size()
                                ? " (" + expectedPoints.size() + " vs " + actualPoints.size() + " points)" : ""));
                return;
            }
        }
        if (expectedPoints.size() != actualPoints.size()) {
            differences.add(expected.labels() + ": Prometheus has " + expectedPoints.size() + " points, Promless "
                    + actualPoints.size() + " (first extra: "
                    + format(expectedPoints.size() > shared ? expectedPoints.get(shared) : actualPoints.get(shared)) + ")");
        }
    }

    /** Compares two values as the API writes them; strings that are not numbers must be identical. */
    public static boolean valuesEqual(String expected, String actual) {
        if (expected.equals(actual)) {
            return true;
        }
        Double want = number(expected);
        Double got = number(actual);
        if (want == null || got == null) {
            return false;
        }
        return numbersEqual(want, got);
    }

    public static boolean numbersEqual(double want, double got) {
        if (Double.isNaN(want) || Double.isNaN(got)) {
            return Double.isNaN(want) && Double.isNaN(got);
        }
        if (Double.isInfinite(want) || Double.isInfinite(got)) {
            return want == got;
        }
        double difference = Math.abs(want - got);
        return difference <= ABSOLUTE_TOLERANCE || difference <= RELATIVE_TOLERANCE * Math.max(Math.abs(want), Math.abs(got));
    }

    private static Double number(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
        };
    }

    private static String summary(QueryOutcome outcome) {
        if (!outcome.isSuccess()) {
            return "error " + outcome.errorType() + " (HTTP " + outcome.httpStatus() + "): " + abbreviate(outcome.error());
        }
        return "success " + outcome.resultType() + " with " + outcome.series().size() + " series";
    }

    private static String points(QueryOutcome.ResultSeries series) {
        List<QueryOutcome.Point> points = series.points();
        if (points.isEmpty()) {
            return "(no points)";
        }
        return points.size() == 1 ? format(points.get(0)) : points.size() + " points from " + format(points.get(0));
    }

    private static String format(QueryOutcome.Point point) {
        return point.value() + "@" + point.timestampMillis();
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 160 ? text : text.substring(0, 160) + "...";
    }

    private static List<String> limited(List<String> differences) {
        List<String> limited = new ArrayList<>(differences.subList(0, MAX_DIFFERENCES));
        limited.add("... and " + (differences.size() - MAX_DIFFERENCES) + " more differences");
        return limited;
    }
}
