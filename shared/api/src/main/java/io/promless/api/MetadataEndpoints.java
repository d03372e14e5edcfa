package io.promless.api;

import static io.promless.api.ApiParameters.invalidParameter;

import io.promless.api.json.JsonBody;
import io.promless.api.json.QueryResultJson;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.LabelNames;
import io.promless.model.labels.Labels;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/** /api/v1/series, /api/v1/labels and /api/v1/label/&lt;name&gt;/values. */
final class MetadataEndpoints {
    private final Queryable storage;
    private final SeriesSelectorParser selectorParser;

    MetadataEndpoints(Queryable storage, SeriesSelectorParser selectorParser) {
        this.storage = storage;
        this.selectorParser = selectorParser;
    }

    ApiResponse series(RequestParameters parameters) {
        if (parameters.formError().isPresent()) {
            throw new PromlessException(
                    ErrorType.BAD_DATA, "error parsing form values: " + parameters.formError().get());
        }
        List<String> selectors = parameters.all("match[]");
        if (selectors.isEmpty()) {
            throw new PromlessException(ErrorType.BAD_DATA, "no match[] parameter provided");
        }
        int limit = limit(parameters);
        long start = time(parameters, "start", ApiParameters.MIN_TIME_MILLIS);
        long end = time(parameters, "end", ApiParameters.MAX_TIME_MILLIS);
        List<List<LabelMatcher>> matcherSets;
        try {
            matcherSets = MatcherSets.parse(selectorParser, selectors);
        } catch (PromlessException e) {
            throw invalidParameter("match[]", e.getMessage());
        }
        List<Labels> series;
        List<String> warnings;
        try (Querier querier = storage.querier(start, end)) {
            series = union(matcherSets, querier::series);
            warnings = querier.warnings();
        }
        return listResponse(series, limit, QueryResultJson::labelSets, warnings);
    }

    ApiResponse labelNames(RequestParameters parameters) {
        int limit = limit(parameters);
        long start = time(parameters, "start", ApiParameters.MIN_TIME_MILLIS);
        long end = time(parameters, "end", ApiParameters.MAX_TIME_MILLIS);
        List<List<LabelMatcher>> matcherSets = MatcherSets.parse(selectorParser, parameters.all("match[]"));
        List<String> names;
        List<String> warnings;
        try (Querier querier = storage.querier(start, end)) {
            names = matcherSets.isEmpty() ? querier.labelNames(List.of()) : union(matcherSets, querier::labelNames);
            warnings = querier.warnings();
        }
        return listResponse(names, limit, QueryResultJson::strings, warnings);
    }

    /** {@code pathName} is the path segment as received: plain, or U__-escaped for UTF-8 names. */
    ApiResponse labelValues(String pathName, RequestParameters parameters) {
        String name = LabelNameEscaping.unescape(pathName);
        if (!LabelNames.isValidName(name)) {
            throw new PromlessException(ErrorType.BAD_DATA, "invalid label name: " + GoQuote.quote(name));
        }
        int limit = limit(parameters);
        long start = time(parameters, "start", ApiParameters.MIN_TIME_MILLIS);
        long end = time(parameters, "end", ApiParameters.MAX_TIME_MILLIS);
        List<List<LabelMatcher>> matcherSets = MatcherSets.parse(selectorParser, parameters.all("match[]"));
        List<String> values;
        List<String> warnings;
        try (Querier querier = storage.querier(start, end)) {
            values = matcherSets.isEmpty()
                    ? querier.labelValues(name, List.of())
                    : union(matcherSets, matchers -> querier.labelValues(name, matchers));
            warnings = querier.warnings();
        }
        return listResponse(values, limit, QueryResultJson::strings, warnings);
    }

    /** Results of several selectors merged, sorted and without duplicates; one selector as it came. */
    private static <T extends Comparable<? super T>> List<T> union(
            List<List<LabelMatcher>> matcherSets, Function<List<LabelMatcher>, List<T>> lookup) {
        if (matcherSets.size() == 1) {
            return lookup.apply(matcherSets.get(0));
        }
        SortedSet<T> merged = new TreeSet<>();
        for (List<LabelMatcher> matchers : matcherSets) {
            merged.addAll(lookup.apply(matchers));
        }
        return new ArrayList<>(merged);
    }

    /** The list, cut at {@code limit} with Prometheus's warning, plus the storage's warnings (e.g. a block left out). */
    private static <T> ApiResponse listResponse(
            List<T> items, int limit, Function<List<T>, JsonBody> body, List<String> storageWarnings) {
        List<String> warnings = new ArrayList<>(storageWarnings);
        List<T> shown = items;
        if (limit > 0 && items.size() > limit) {
            shown = items.subList(0, limit);
            warnings.add(QueryEndpoints.TRUNCATED_WARNING);
        }
        return warnings.isEmpty() ? ApiResponses.success(body.apply(shown))
                : ApiResponses.success(body.apply(shown), warnings, List.of());
    }

    private static int limit(RequestParameters parameters) {
        try {
            return ApiParameters.parseLimit(parameters.first("limit"));
        } catch (PromlessException e) {
            throw invalidParameter("limit", e.getMessage());
        }
    }

    private static long time(RequestParameters parameters, String name, long defaultMillis) {
        try {
            return ApiParameters.parseTimeParameter(parameters, name, defaultMillis);
        } catch (PromlessException e) {
            throw invalidParameter(name, e.getMessage());
        }
    }
}
