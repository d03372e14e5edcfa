package io.promless.api;

import static io.promless.api.ApiParameters.invalidParameter;

import io.promless.api.json.QueryResultJson;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.promql.QueryEngine;
import io.promless.promql.engine.QueryResult;
import io.promless.promql.value.MatrixValue;
import io.promless.promql.value.Value;
import io.promless.promql.value.VectorValue;
import io.promless.storage.Queryable;
import java.math.BigInteger;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** /api/v1/query and /api/v1/query_range, checking parameters in Prometheus's order. */
final class QueryEndpoints {
    static final String TRUNCATED_WARNING = "results truncated due to limit";
    static final long MAX_POINTS_PER_SERIES = 11_000;

    private static final BigInteger NANOS_PER_MILLI = BigInteger.valueOf(1_000_000);
    private static final BigInteger MAX_GO_DURATION = BigInteger.valueOf(Long.MAX_VALUE);

    private final QueryEngine engine;
    private final Queryable storage;
    private final InstantSource clock;

    QueryEndpoints(QueryEngine engine, Queryable storage, InstantSource clock) {
        this.engine = engine;
        this.storage = storage;
        this.clock = clock;
    }

    ApiResponse instantQuery(RequestParameters parameters) {
        int limit = limit(parameters);
        long time;
        try {
            time = ApiParameters.parseTimeParameter(parameters, "time", clock.millis());
        } catch (PromlessException e) {
            throw invalidParameter("time", e.getMessage());
        }
        checkTimeoutAndLookback(parameters);
        String query = parameters.first("query");
        QueryResult result = evaluate(() -> engine.instantQueryWithAnnotations(storage, query, time));
        return respond(result, limit);
    }

    ApiResponse rangeQuery(RequestParameters parameters) {
        int limit = limit(parameters);
        long start = requiredTime(parameters, "start");
        long end = requiredTime(parameters, "end");
        if (end < start) {
            throw invalidParameter("end", "end timestamp must not be before start time");
        }
        long stepNanos;
        try {
            stepNanos = ApiParameters.parseDurationNanos(parameters.first("step"));
        } catch (PromlessException e) {
            throw invalidParameter("step", e.getMessage());
        }
        if (stepNanos <= 0) {
            throw invalidParameter(
                    "step", "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if (pointsPerSeries(start, end, stepNanos) > MAX_POINTS_PER_SERIES) {
            throw new PromlessException(
                    ErrorType.BAD_DATA,
                    "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        }
        checkTimeoutAndLookback(parameters);
        String query = parameters.first("query");
        // The engine works in milliseconds; a sub-millisecond step can only get here with start == end.
        long stepMillis = Math.max(1, stepNanos / 1_000_000);
        QueryResult result = evaluate(() -> engine.rangeQueryWithAnnotations(storage, query, start, end, stepMillis));
        return respond(result, limit);
    }

    /** Go divides durations in nanoseconds and saturates {@code end.Sub(start)} at its maximum. */
    private static long pointsPerSeries(long start, long end, long stepNanos) {
        BigInteger span = BigInteger.valueOf(end).subtract(BigInteger.valueOf(start)).multiply(NANOS_PER_MILLI);
        return span.min(MAX_GO_DURATION).divide(BigInteger.valueOf(stepNanos)).longValueExact();
    }

    private static long requiredTime(RequestParameters parameters, String name) {
        try {
            return ApiParameters.parseTime(parameters.first(name));
        } catch (PromlessException e) {
            throw invalidParameter(name, e.getMessage());
        }
    }

    private static int limit(RequestParameters parameters) {
        try {
            return ApiParameters.parseLimit(parameters.first("limit"));
        } catch (PromlessException e) {
            throw invalidParameter("limit", e.getMessage());
        }
    }

    /**
     * Validated as Prometheus validates them. The engine port takes neither yet: the timeout is
     * the engine's own, the lookback its default.
     */
    private static void checkTimeoutAndLookback(RequestParameters parameters) {
        String timeout = parameters.first("timeout");
        if (!timeout.isEmpty()) {
            try {
                ApiParameters.parseDurationNanos(timeout);
            } catch (PromlessException e) {
                throw invalidParameter("timeout", e.getMessage());
            }
        }
        String lookback = parameters.first("lookback_delta");
        if (!lookback.isEmpty()) {
            try {
                ApiParameters.parseDurationNanos(lookback);
            } catch (PromlessException e) {
                throw new PromlessException(
                        ErrorType.BAD_DATA, "error parsing lookback delta duration: " + e.getMessage());
            }
        }
    }

    /** Parse and type errors come back as BAD_DATA and name the query parameter, as Prometheus does. */
    private static QueryResult evaluate(Supplier<QueryResult> evaluation) {
        try {
            return evaluation.get();
        } catch (PromlessException e) {
            if (e.type() == ErrorType.BAD_DATA) {
                throw invalidParameter("query", e.getMessage());
            }
            throw e;
        }
    }

    /** The value, with the engine's warnings (e.g. a block left out) and infos, as Prometheus returns them. */
    private static ApiResponse respond(QueryResult answer, int limit) {
        Value result = answer.value();
        Value shown = result;
        List<String> warnings = new ArrayList<>(answer.warnings());
        if (limit > 0) {
            if (result instanceof VectorValue vector && vector.samples().size() > limit) {
                shown = new VectorValue(vector.samples().subList(0, limit));
                warnings.add(TRUNCATED_WARNING);
            } else if (result instanceof MatrixValue matrix && matrix.series().size() > limit) {
                shown = new MatrixValue(matrix.series().subList(0, limit));
                warnings.add(TRUNCATED_WARNING);
            }
        }
        return ApiResponses.success(QueryResultJson.queryData(shown), warnings, answer.infos());
    }
}
