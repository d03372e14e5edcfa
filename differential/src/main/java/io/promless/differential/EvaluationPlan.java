package io.promless.differential;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * When each corpus query is evaluated: instant queries at several times and range queries over
 * several windows, all on whole seconds relative to the data's start (the samples never are),
 * covering the start of the data, its middle, the end of series that stop early and the time
 * just after the data ends, where only the lookback still finds samples; one range query has a
 * single step.
 *
 * <p>Every evaluation time is 5 s past a multiple of 15 s (the default start is; minutes and
 * 45 s steps keep it so). Subquery steps that are multiples of 15 s therefore never put an inner
 * step on a range's lower boundary, where Prometheus 2 (closed) and 3 (left-open) disagree.
 */
public record EvaluationPlan(List<Long> instantTimes, List<Window> ranges) {
    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;

    public EvaluationPlan {
        instantTimes = List.copyOf(requireNonNull(instantTimes, "instantTimes is null"));
        ranges = List.copyOf(requireNonNull(ranges, "ranges is null"));
    }

    /** A range query's window. */
    public record Window(long start, long end, long step) {}

    /** The plan for data starting at {@code dataStartMillis} (rounded down to a whole second) and lasting about 3 h. */
    public static EvaluationPlan forData(long dataStartMillis) {
        long start = dataStartMillis - Math.floorMod(dataStartMillis, SECOND);
        return new EvaluationPlan(
                List.of(start + 7 * MINUTE, start + 61 * MINUTE, start + 137 * MINUTE, start + 182 * MINUTE),
                List.of(new Window(start, start + 185 * MINUTE, MINUTE),
                        new Window(start + 30 * MINUTE, start + 90 * MINUTE, 15 * SECOND),
                        new Window(start + 150 * MINUTE, start + 190 * MINUTE, 45 * SECOND),
                        new Window(start + 100 * MINUTE, start + 100 * MINUTE, MINUTE)));
    }

    public List<QueryRequest> requests(String query, QueryMode mode) {
        requireNonNull(query, "query is null");
        requireNonNull(mode, "mode is null");
        return switch (mode) {
            case INSTANT -> instantTimes.stream().<QueryRequest>map(time -> new QueryRequest.Instant(query, time)).toList();
            case RANGE -> ranges.stream()
                    .<QueryRequest>map(window -> new QueryRequest.Range(query, window.start(), window.end(), window.step()))
                    .toList();
        };
    }
}
