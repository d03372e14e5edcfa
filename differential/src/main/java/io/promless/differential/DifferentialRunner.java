package io.promless.differential;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs corpus queries against Prometheus and Promless and compares the answers. Each (query,
 * mode) is evaluated at every time or window of the {@link EvaluationPlan}; the check stops at
 * the first request whose answers differ, so a failure reports one request's differences.
 * Thread-safe.
 */
public final class DifferentialRunner {
    private final QueryClient prometheus;
    private final QueryClient promless;
    private final EvaluationPlan plan;

    public DifferentialRunner(QueryClient prometheus, QueryClient promless, EvaluationPlan plan) {
        this.prometheus = requireNonNull(prometheus, "prometheus is null");
        this.promless = requireNonNull(promless, "promless is null");
        this.plan = requireNonNull(plan, "plan is null");
    }

    public CheckResult check(CorpusQuery query, QueryMode mode) {
        requireNonNull(query, "query is null");
        requireNonNull(mode, "mode is null");
        // Range results are sorted by labels on both sides; only instant results keep a meaningful order.
        boolean ordered = query.ordered() && mode == QueryMode.INSTANT;
        for (QueryRequest request : plan.requests(query.query(), mode)) {
            List<String> differences;
            try {
                differences = ResultComparator.compare(prometheus.run(request), promless.run(request), ordered);
            } catch (RuntimeException e) {
                differences = List.of("request failed: " + e.getMessage());
            }
            if (!differences.isEmpty()) {
                List<String> described = new ArrayList<>();
                described.add("at " + describeTime(request) + ":");
                described.addAll(differences);
                return new CheckResult(query, mode, described);
            }
        }
        return new CheckResult(query, mode, List.of());
    }

    private static String describeTime(QueryRequest request) {
        return switch (request) {
            case QueryRequest.Instant instant -> "time=" + QueryClient.seconds(instant.time());
            case QueryRequest.Range range -> "start=" + QueryClient.seconds(range.start()) + " end="
                    + QueryClient.seconds(range.end()) + " step=" + QueryClient.seconds(range.step());
        };
    }
}
