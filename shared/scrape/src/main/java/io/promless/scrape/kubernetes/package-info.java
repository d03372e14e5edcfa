/**
 * {@code kubernetes_sd_configs}: target groups listed from the Kubernetes API server with the JDK
 * HTTP client and Jackson (no Kubernetes client library), labelled as Prometheus labels them.
 * Prometheus watches; a Lambda invocation cannot hold a watch, so {@link
 * io.promless.scrape.kubernetes.KubernetesDiscovery} lists the role's objects again (paginated) at
 * most once per refresh interval and keeps the last good target set when a refresh fails.
 */
package io.promless.scrape.kubernetes;
