package io.promless.api;

import static java.util.Objects.requireNonNull;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.promql.QueryEngine;
import io.promless.storage.InMemoryMetadataStore;
import io.promless.storage.MetadataStore;
import io.promless.storage.Queryable;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Prometheus HTTP API v1 read endpoints, independent of transport, with Prometheus's JSON
 * shapes, status codes and error texts: query, query_range, query_exemplars, format_query,
 * parse_query, series, labels, label/&lt;name&gt;/values, metadata, targets, targets/metadata, scrape_pools,
 * rules, alerts, alertmanagers and status/{buildinfo,runtimeinfo,config,flags,tsdb}. Every
 * endpoint but label values takes GET and form-encoded POST (Prometheus itself takes only GET
 * for the status, target, rule and metadata pages; POST there is harmless). Paths outside
 * /api/v1 and unknown endpoints get Go's plain 404; known endpoints with another method a 405.
 * Answers are gzipped for clients that accept it. Thread-safe; never throws. Built with
 * {@link #builder}.
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
    private final MetricMetadataEndpoint metricMetadata;
    private final QuerySyntaxEndpoints syntax;
    private final StatusEndpoints status;
    private final DiscoveryEndpoints discovery;
    private final TargetMetadataEndpoint targetMetadata;
    private final TsdbStatusEndpoint tsdbStatus;
    private final SeriesSelectorParser selectorParser;

    /**
     * An API with every optional part at its default (see {@link Builder}).
     *
     * @param engine evaluates PromQL
     * @param storage what queries and metadata lookups read
     * @param selectorParser parses {@code match[]} selectors (the PromQL parser)
     * @param clock the default {@code time} of instant queries
     */
    public PrometheusApi(
            QueryEngine engine, Queryable storage, SeriesSelectorParser selectorParser, InstantSource clock) {
        this(builder(engine, storage, selectorParser, clock));
    }

    private PrometheusApi(Builder builder) {
        this.queries = new QueryEndpoints(builder.engine, builder.storage, builder.clock);
        this.metadata = new MetadataEndpoints(builder.storage, builder.selectorParser);
        this.metricMetadata = new MetricMetadataEndpoint(builder.metadataStore);
        this.syntax = new QuerySyntaxEndpoints(builder.formatter, builder.treeParser, builder.selectorExtractor);
        this.status = new StatusEndpoints(builder.serverInfoOrMinimal(), builder.runtimeFigures, builder.clock);
        this.discovery = new DiscoveryEndpoints(builder.targets, builder.rules);
        this.targetMetadata = new TargetMetadataEndpoint(builder.targetMetadata, builder.selectorParser);
        this.tsdbStatus = new TsdbStatusEndpoint(builder.headStatus, Optional.ofNullable(builder.blockStatus));
        this.selectorParser = builder.selectorParser;
    }

    /**
     * Starts an API over the four parts every deployment has; the rest default to: server facts
     * from {@link ServerInfo#minimal} (started when built), this JVM's runtime figures, an empty
     * in-memory metadata store, no targets, no head summary (status/tsdb answers "unavailable"), no
     * block summary (status/tsdb has no {@code blockStats}),
     * and the stable PromQL parser for format_query, parse_query and query_exemplars
     * ({@link PromqlSyntax#stable()}).
     */
    public static Builder builder(
            QueryEngine engine, Queryable storage, SeriesSelectorParser selectorParser, InstantSource clock) {
        return new Builder(engine, storage, selectorParser, clock);
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
            case "/query_exemplars" -> getOrPost(request, () -> syntax.queryExemplars(RequestParameters.of(request)));
            case "/format_query" -> getOrPost(request, () -> syntax.formatQuery(RequestParameters.of(request)));
            case "/parse_query" -> getOrPost(request, () -> syntax.parseQuery(RequestParameters.of(request)));
            case "/labels" -> getOrPost(request, () -> metadata.labelNames(RequestParameters.of(request)));
            case "/series" -> series(request);
            case "/metadata" -> getOrPost(request, () -> metricMetadata.metadata(RequestParameters.of(request)));
            case "/targets" -> getOrPost(request, () -> discovery.targets(request));
            case "/targets/metadata" -> getOrPost(request, () -> targetMetadata.targetMetadata(RequestParameters.of(request)));
            case "/scrape_pools" -> getOrPost(request, discovery::scrapePools);
            case "/rules" -> getOrPost(
                    request, () -> discovery.rules(request, RequestParameters.of(request), selectorParser));
            case "/alerts" -> getOrPost(request, discovery::alerts);
            case "/alertmanagers" -> getOrPost(request, discovery::alertmanagers);
            case "/status/buildinfo" -> getOrPost(request, status::buildInfo);
            case "/status/runtimeinfo" -> getOrPost(request, status::runtimeInfo);
            case "/status/config" -> getOrPost(request, status::config);
            case "/status/flags" -> getOrPost(request, status::flags);
            case "/status/tsdb" -> getOrPost(request, () -> tsdbStatus.tsdbStatus(RequestParameters.of(request)));
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

    /** The optional parts of a {@link PrometheusApi}; each setter replaces a default. */
    public static final class Builder {
        private final QueryEngine engine;
        private final Queryable storage;
        private final SeriesSelectorParser selectorParser;
        private final InstantSource clock;
        private Supplier<ServerInfo> serverInfo;
        private Supplier<RuntimeFigures> runtimeFigures = RuntimeFigures::ofThisJvm;
        private MetadataStore metadataStore = new InMemoryMetadataStore();
        private TargetsView targets = TargetsView.NONE;
        private RulesView rules = RulesView.NONE;
        private TargetMetadataView targetMetadata = TargetMetadataView.NONE;
        private HeadStatusView headStatus = () -> {
            throw new PromlessException(ErrorType.UNAVAILABLE, "TSDB status is not available on this server");
        };
        /** Null when there are no blocks to report: status/tsdb then has no blockStats field. */
        private BlockStatusView blockStatus;
        private QueryFormatter formatter = PromqlSyntax.stable();
        private SyntaxTreeParser treeParser = PromqlSyntax.stable();
        private SelectorExtractor selectorExtractor = PromqlSyntax.stable();

        private Builder(QueryEngine engine, Queryable storage, SeriesSelectorParser selectorParser, InstantSource clock) {
            this.engine = requireNonNull(engine, "engine is null");
            this.storage = requireNonNull(storage, "storage is null");
            this.selectorParser = requireNonNull(selectorParser, "selectorParser is null");
            this.clock = requireNonNull(clock, "clock is null");
        }

        /** The server facts of the status endpoints; asked on every request, so reloads show. */
        public Builder serverInfo(Supplier<ServerInfo> serverInfo) {
            this.serverInfo = requireNonNull(serverInfo, "serverInfo is null");
            return this;
        }

        public Builder runtimeFigures(Supplier<RuntimeFigures> runtimeFigures) {
            this.runtimeFigures = requireNonNull(runtimeFigures, "runtimeFigures is null");
            return this;
        }

        public Builder metadataStore(MetadataStore metadataStore) {
            this.metadataStore = requireNonNull(metadataStore, "metadataStore is null");
            return this;
        }

        public Builder targets(TargetsView targets) {
            this.targets = requireNonNull(targets, "targets is null");
            return this;
        }

        /** The rule groups /api/v1/rules and /api/v1/alerts show; none by default. */
        public Builder rules(RulesView rules) {
            this.rules = requireNonNull(rules, "rules is null");
            return this;
        }

        /** The targets and their metadata of /api/v1/targets/metadata; without one it finds nothing. */
        public Builder targetMetadata(TargetMetadataView targetMetadata) {
            this.targetMetadata = requireNonNull(targetMetadata, "targetMetadata is null");
            return this;
        }

        /** The head summary of /api/v1/status/tsdb; without one that page answers "unavailable". */
        public Builder headStatus(HeadStatusView headStatus) {
            this.headStatus = requireNonNull(headStatus, "headStatus is null");
            return this;
        }

        /** The block summary that status/tsdb adds as {@code blockStats}; without one the field is left out. */
        public Builder blockStatus(BlockStatusView blockStatus) {
            this.blockStatus = requireNonNull(blockStatus, "blockStatus is null");
            return this;
        }

        public Builder queryFormatter(QueryFormatter formatter) {
            this.formatter = requireNonNull(formatter, "formatter is null");
            return this;
        }

        public Builder syntaxTreeParser(SyntaxTreeParser treeParser) {
            this.treeParser = requireNonNull(treeParser, "treeParser is null");
            return this;
        }

        public Builder selectorExtractor(SelectorExtractor selectorExtractor) {
            this.selectorExtractor = requireNonNull(selectorExtractor, "selectorExtractor is null");
            return this;
        }

        public PrometheusApi build() {
            return new PrometheusApi(this);
        }

        private Supplier<ServerInfo> serverInfoOrMinimal() {
            if (serverInfo != null) {
                return serverInfo;
            }
            ServerInfo minimal = ServerInfo.minimal(clock.instant());
            return () -> minimal;
        }
    }
}
