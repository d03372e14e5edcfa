/**
 * The Prometheus HTTP API v1 query endpoints, independent of transport. {@link
 * io.promless.api.PrometheusApi} turns an {@link io.promless.api.ApiRequest} into an {@link
 * io.promless.api.ApiResponse} with Prometheus's JSON envelope ({@link
 * io.promless.api.ApiResponses}), parameter rules ({@link io.promless.api.ApiParameters}) and
 * status codes. Transports are thin adapters: {@link io.promless.api.http.LocalHttpServer} for the
 * local mode, and the query Lambda function for API Gateway.
 */
package io.promless.api;
