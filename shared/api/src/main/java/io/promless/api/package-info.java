/**
 * The Prometheus HTTP API v1 read endpoints, independent of transport. {@link
 * io.promless.api.PrometheusApi} turns an {@link io.promless.api.ApiRequest} into an {@link
 * io.promless.api.ApiResponse} with Prometheus's JSON envelope ({@link
 * io.promless.api.ApiResponses}), parameter rules ({@link io.promless.api.ApiParameters}) and
 * status codes. Transports are thin adapters: {@link io.promless.api.http.LocalHttpServer} for the
 * local mode, and the query Lambda function for API Gateway.
 *
 * <p>What the API reads besides PromQL and storage comes through small ports the composition
 * root fills: {@link io.promless.api.ServerInfo} for the status pages, a {@link
 * io.promless.storage.MetadataStore} for /api/v1/metadata, a {@link io.promless.api.TargetsView}
 * for /api/v1/targets, and the PromQL syntax ports ({@link io.promless.api.QueryFormatter},
 * {@link io.promless.api.SyntaxTreeParser}, {@link io.promless.api.SelectorExtractor}), which
 * default to {@link io.promless.api.PromqlSyntax} over the PromQL parser.
 */
package io.promless.api;
