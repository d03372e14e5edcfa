package io.promless.api;

import static java.util.Objects.requireNonNull;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.promql.QueryEngine;
import io.promless.storage.Queryable;
import java.time.InstantSource;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Prometheus HTTP API v1 query endpoints, independent of transport: /api/v1/query,
 * /api/v1/query_range, /api/v1/series, /api/v1/labels and /api/v1/label/&lt;name&gt;/values,
 * with Prometheus's methods, JSON shapes, status codes and error texts. Paths outside /api/v1
 * and unknown endpoints get Go's plain 404; known endpoints with another method a 405.
 * Answers are gzipped for clients that accept it. Thread-safe; never throws.
 */
public final class PrometheusApi implements ApiHandler {
    public static final String PREFIX = "/api/v1";

    private static final Logger LOG = Logger.getLogger(PrometheusApi.class.getName());
    private static final String GET_POST = "GET, OPTIONS, POST";
    private static final String SERIES_METHODS = "DELETE, GET, OPTIONS, POST";
    private static final String GET_ONLY = "GET, OPTIONS";
    private static final String LABEL_PREFIX = "/label/";
    private static final String VALUES_SUFFIX = "/values";

    private final QueryEndpoints queries;
    private final MetadataEndpoints metadata;

    /**
     * @param engine evaluates PromQL
     * @param storage what queries and metadata lookups read
     * @param selectorParser parses {@code match[]} selectors (the PromQL parser)
     * @param clock the default {@code time} of instant queries
     */
    public PrometheusApi(
            QueryEngine engine, Queryable storage, SeriesSelectorParser selectorParser, InstantSource clock) {
        requireNonNull(engine, "engine is null");
        requireNonNull(storage, "storage is null");
        requireNonNull(selectorParser, "selectorParser is null");
        requireNonNull(clock, "clock is null");
        this.queries = new QueryEndpoints(engine, storage, clock);
        this.metadata = new MetadataEndpoints(storage, selectorParser);
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        requireNonNull(request, "request is null");
        String path = request.path();
        if (!path.startsWith(PREFIX + "/")) {
            return ApiResponses.notFound();
        }
        String endpoint = path.substring(PREFIX.length());
        String method = request.method();
        if (method.equals("OPTIONS")) {
            return Cors.apply(request, ApiResponses.noContent());
        }
        return switch (endpoint) {
            case "/query" -> getOrPost(request, () -> queries.instantQuery(RequestParameters.of(request)));
            case "/query_range" -> getOrPost(request, () -> queries.rangeQuery(RequestParameters.of(request)));
            case "/labels" -> getOrPost(request, () -> metadata.labelNames(RequestParameters.of(request)));
            case "/series" -> series(request);
            default -> labelValuesOrNotFound(request, endpoint);
        };
    }

    private ApiResponse series(ApiRequest request) {
        if (request.method().equals("DELETE")) {
            // Prometheus routes DELETE here and answers that it is not implemented.
            return answer(request, () -> {
                throw new PromlessException(ErrorType.INTERNAL, "not implemented");
            });
        }
        if (!isGetOrPost(request)) {
            return ApiResponses.methodNotAllowed(SERIES_METHODS);
        }
        return answer(request, () -> metadata.series(RequestParameters.of(request)));
    }

    private ApiResponse labelValuesOrNotFound(ApiRequest request, String endpoint) {
        if (!endpoint.startsWith(LABEL_PREFIX) || !endpoint.endsWith(VALUES_SUFFIX)
                || endpoint.length() < LABEL_PREFIX.length() + VALUES_SUFFIX.length()) {
            return ApiResponses.notFound();
        }
        String name = endpoint.substring(LABEL_PREFIX.length(), endpoint.length() - VALUES_SUFFIX.length());
        if (name.indexOf('/') >= 0) {
            return ApiResponses.notFound();
        }
        if (!request.method().equals("GET")) {
            return ApiResponses.methodNotAllowed(GET_ONLY);
        }
        return answer(request, () -> metadata.labelValues(name, RequestParameters.of(request)));
    }

    private ApiResponse getOrPost(ApiRequest request, Endpoint endpoint) {
        if (!isGetOrPost(request)) {
            return ApiResponses.methodNotAllowed(GET_POST);
        }
        return answer(request, endpoint);
    }

    private static boolean isGetOrPost(ApiRequest request) {
        return request.method().equals("GET") || request.method().equals("POST");
    }

    /** Runs an endpoint and turns every failure into Prometheus's error JSON. */
    private static ApiResponse answer(ApiRequest request, Endpoint endpoint) {
        ApiResponse response;
        try {
            response = endpoint.call();
        } catch (PromlessException e) {
            if (e.type() == ErrorType.INTERNAL) {
                LOG.log(Level.WARNING, "internal error answering " + request.path(), e);
            }
            response = ApiResponses.error(e.type(), String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "unexpected failure answering " + request.path(), e);
            response = ApiResponses.error(ErrorType.INTERNAL, String.valueOf(e.getMessage()));
        }
        return ResponseCompression.apply(request, Cors.apply(request, response));
    }

    @FunctionalInterface
    private interface Endpoint {
        ApiResponse call();
    }
}
