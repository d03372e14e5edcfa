package io.promless.promql.engine;

import static java.util.Objects.requireNonNull;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.Labels;
import io.promless.promql.QueryEngine;
import io.promless.promql.ast.Expr;
import io.promless.promql.ast.Position;
import io.promless.promql.ast.ValueType;
import io.promless.promql.parser.ParsedQuery;
import io.promless.promql.parser.QueryParser;
import io.promless.promql.parser.TypeChecker;
import io.promless.promql.value.MatrixValue;
import io.promless.promql.value.ScalarValue;
import io.promless.promql.value.StringValue;
import io.promless.promql.value.Value;
import io.promless.promql.value.VectorSample;
import io.promless.promql.value.VectorValue;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The PromQL engine: parses, type-checks and evaluates queries over a {@link Queryable}. Thread-safe. */
public final class PromqlEngine implements QueryEngine {
    private final EngineOptions options;
    private final QueryParser parser;

    public PromqlEngine(EngineOptions options) {
        this.options = requireNonNull(options, "options is null");
        this.parser = options.experimentalFunctions() ? QueryParser.withExperimentalFunctions() : QueryParser.stable();
    }

    public PromqlEngine() {
        this(EngineOptions.defaults());
    }

    public EngineOptions options() {
        return options;
    }

    /** Parses with this engine's settings (experimental functions on or off). */
    public Expr parse(String query) {
        return parser.parseExpression(query);
    }

    @Override
    public Value instantQuery(Queryable storage, String query, long time) {
        return instantQueryWithAnnotations(storage, query, time).value();
    }

    public Value instantQuery(Queryable storage, Expr expr, long time) {
        return executeInstant(storage, expr, Map.of(), time).value();
    }

    /** An instant query with Prometheus's warning and info annotations. */
    @Override
    public QueryResult instantQueryWithAnnotations(Queryable storage, String query, long time) {
        ParsedQuery parsed = parser.parseWithPositions(query);
        return executeInstant(storage, parsed.expr(), parsed.positions(), time);
    }

    /** A range query with Prometheus's warning and info annotations. */
    @Override
    public QueryResult rangeQueryWithAnnotations(Queryable storage, String query, long start, long end, long step) {
        ParsedQuery parsed = parser.parseWithPositions(query);
        return executeRange(storage, parsed.expr(), parsed.positions(), start, end, step);
    }

    private QueryResult executeInstant(Queryable storage, Expr expr, Map<Expr, Position> positions, long time) {
        requireNonNull(storage, "storage is null");
        Timeline timeline = Timeline.instant(time);
        Annotations annotations = new Annotations(positions);
        Evaluated result = run(storage, expr, timeline, 0, annotations);
        Value value = switch (result) {
            case Evaluated.Scalars scalars -> new ScalarValue(time, scalars.values()[0]);
            case Evaluated.Text text -> new StringValue(time, text.value());
            case Evaluated.Vectors vectors -> {
                List<VectorSample> samples = new ArrayList<>();
                for (StepSeries series : finish(vectors.series())) {
                    if (series.present[0]) {
                        samples.add(new VectorSample(series.labels, time, series.values[0]));
                    }
                }
                yield new VectorValue(samples);
            }
            case Evaluated.Ranges ranges -> rangeAt(ranges);
        };
        return new QueryResult(value, annotations.warnings(), annotations.infos());
    }

    @Override
    public Value rangeQuery(Queryable storage, String query, long start, long end, long step) {
        return rangeQueryWithAnnotations(storage, query, start, end, step).value();
    }

    public MatrixValue rangeQuery(Queryable storage, Expr expr, long start, long end, long step) {
        return (MatrixValue) executeRange(storage, expr, Map.of(), start, end, step).value();
    }

    private QueryResult executeRange(Queryable storage, Expr expr, Map<Expr, Position> positions, long start, long end, long step) {
        requireNonNull(storage, "storage is null");
        if (step <= 0) {
            throw new PromlessException(ErrorType.BAD_DATA,
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if (end < start) {
            throw new PromlessException(ErrorType.BAD_DATA, "end timestamp must not be before start time");
        }
        if ((end - start) / step >= options.maxPointsPerSeries()) {
            throw new PromlessException(ErrorType.BAD_DATA,
                    "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        }
        ValueType type = TypeChecker.typeOf(expr);
        if (type != ValueType.SCALAR && type != ValueType.VECTOR) {
            throw new PromlessException(ErrorType.BAD_DATA,
                    "invalid expression type \"" + type.description() + "\" for range query, must be Scalar or instant Vector");
        }
        Timeline timeline = new Timeline(start, end, step);
        Annotations annotations = new Annotations(positions);
        Evaluated result = run(storage, expr, timeline, step, annotations);
        List<StepSeries> series = switch (result) {
            case Evaluated.Scalars scalars -> {
                boolean[] present = new boolean[scalars.values().length];
                java.util.Arrays.fill(present, true);
                yield List.of(new StepSeries(Labels.EMPTY, false, scalars.values(), present));
            }
            case Evaluated.Vectors vectors -> finish(vectors.series());
            case Evaluated.Text ignored -> throw new IllegalStateException("string in range query");
            case Evaluated.Ranges ignored -> throw new IllegalStateException("range vector in range query");
        };
        List<Series> matrix = new ArrayList<>(series.size());
        for (StepSeries s : series) {
            matrix.add(toSeries(s, timeline));
        }
        matrix.sort(Comparator.comparing(Series::labels));
        return new QueryResult(new MatrixValue(matrix), annotations.warnings(), annotations.infos());
    }

    private Evaluated run(Queryable storage, Expr query, Timeline timeline, long step, Annotations annotations) {
        Expr expr = DurationResolver.needed(query)
                ? new DurationResolver(timeline.start(), timeline.end(), step).resolve(query)
                : query;
        long lookback = options.lookbackDelta().toMillis();
        StorageWindow window = StorageWindow.of(expr, timeline.start(), timeline.end(), lookback,
                options.defaultSubqueryStep().toMillis());
        QueryLimits limits = new QueryLimits(options.maxSamples(), options.timeout().toNanos(), options.nanoClock());
        try (Querier querier = storage.querier(window.min, window.max)) {
            Evaluated result = new Evaluator(querier, options, limits, annotations, timeline.start(), timeline.end(), step)
                    .evaluate(expr, timeline);
            querier.warnings().forEach(annotations::storageWarning);
            return result;
        } catch (PromlessException e) {
            throw e;
        } catch (ClassCastException | IllegalStateException e) {
            throw new PromlessException(ErrorType.INTERNAL, "evaluation failed: " + e.getMessage(), e);
        }
    }

    private List<StepSeries> finish(List<StepSeries> series) {
        return SeriesMerger.removeDroppedNames(series);
    }

    private static Series toSeries(StepSeries series, Timeline timeline) {
        int count = 0;
        for (boolean present : series.present) {
            if (present) {
                count++;
            }
        }
        long[] timestamps = new long[count];
        double[] values = new double[count];
        int out = 0;
        for (int i = 0; i < series.present.length; i++) {
            if (series.present[i]) {
                timestamps[out] = timeline.time(i);
                values[out] = series.values[i];
                out++;
            }
        }
        return new Series(series.labels, timestamps, values);
    }

    /** An instant query of a range vector returns the raw samples of each window. */
    private static MatrixValue rangeAt(Evaluated.Ranges ranges) {
        long end = ranges.windowEnds()[0];
        long start = end - ranges.range();
        List<Series> result = new ArrayList<>();
        for (Evaluated.RangeSeries series : ranges.series()) {
            int from = RangeFunctions.upperBound(series.timestamps(), start);
            int to = RangeFunctions.upperBound(series.timestamps(), end);
            if (to <= from) {
                continue;
            }
            Labels labels = series.dropName() ? MetricNames.drop(series.labels()) : series.labels();
            result.add(new Series(labels, java.util.Arrays.copyOfRange(series.timestamps(), from, to),
                    java.util.Arrays.copyOfRange(series.values(), from, to)));
        }
        result.sort(Comparator.comparing(Series::labels));
        return new MatrixValue(result);
    }
}
