package io.promless.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.model.labels.Labels;
import io.promless.scrape.kubernetes.KubernetesTestCluster;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end: pods discovered from fabric8's mock API server, the classic
 * {@code prometheus.io/scrape} relabeling of the Prometheus examples, and the active and dropped
 * targets {@link ScrapeService} resolves, before and after the cluster changes.
 */
class KubernetesRelabelTest {
    private static final long NOW = 1_700_000_000_000L;

    private static void pod(KubernetesClient client, String name, String ip, boolean scrape, String port) {
        PodBuilder pod = new PodBuilder();
        var metadata = pod.withNewMetadata().withName(name).withNamespace("shop").addToLabels("app", name.replaceAll("-\\d+$", ""));
        if (scrape) {
            metadata.addToAnnotations("prometheus.io/scrape", "true").addToAnnotations("prometheus.io/port", port)
                    .addToAnnotations("prometheus.io/path", "/custom/metrics");
        }
        metadata.endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("app:1")
                .addNewPort().withName("http").withContainerPort(80).withProtocol("TCP").endPort()
                .addNewPort().withName("admin").withContainerPort(9000).withProtocol("TCP").endPort()
                .endContainer().endSpec()
                .withNewStatus().withPodIP(ip).withPhase("Running").endStatus();
        client.pods().inNamespace("shop").resource(pod.build()).create();
    }

    @Test
    void podsKeptByAnnotationAreScrapedAtTheirAnnotatedPort() throws Exception {
        try (KubernetesTestCluster cluster = KubernetesTestCluster.start()) {
            pod(cluster.client(), "web-1", "10.1.0.5", true, "8080");
            pod(cluster.client(), "web-2", "10.1.0.6", true, "8081");
            pod(cluster.client(), "db-1", "10.1.0.7", false, "");
            String yaml = """
                    scrape_configs:
                      - job_name: kubernetes-pods
                        kubernetes_sd_configs:
                          - role: pod
                            api_server: %s
                        relabel_configs:
                          - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
                            action: keep
                            regex: true
                          - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path]
                            action: replace
                            target_label: __metrics_path__
                            regex: (.+)
                          - source_labels: [__meta_kubernetes_pod_ip, __meta_kubernetes_pod_annotation_prometheus_io_port]
                            action: replace
                            regex: (.+);(.+)
                            replacement: $1:$2
                            target_label: __address__
                          - action: labelmap
                            regex: __meta_kubernetes_pod_label_(.+)
                          - source_labels: [__meta_kubernetes_namespace]
                            target_label: namespace
                          - source_labels: [__meta_kubernetes_pod_name]
                            target_label: pod
                    """.formatted(cluster.url());
            PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);
            ScrapeService service = new ScrapeService(config, new ScrapeEngine(new RecordingAppendable(), type -> new LineParser()));

            // Two container ports per pod collapse into one target once the address comes from the annotation.
            assertThat(service.targets()).extracting(ScrapeTarget::url).containsExactly(
                    URI.create("http://10.1.0.5:8080/custom/metrics"), URI.create("http://10.1.0.6:8081/custom/metrics"));
            assertThat(service.targets()).extracting(ScrapeTarget::labels).containsExactly(
                    Labels.of("app", "web", "instance", "10.1.0.5:8080", "job", "kubernetes-pods", "namespace", "shop", "pod", "web-1"),
                    Labels.of("app", "web", "instance", "10.1.0.6:8081", "job", "kubernetes-pods", "namespace", "shop", "pod", "web-2"));
            assertThat(service.droppedTargets()).extracting(dropped -> dropped.discoveredLabels().get("__address__"))
                    .containsExactly("10.1.0.7:80", "10.1.0.7:9000");

            cluster.client().pods().inNamespace("shop").withName("web-2").delete();
            pod(cluster.client(), "web-3", "10.1.0.8", true, "8082");
            List<ScrapeTarget> refreshed = service.refresh(NOW + 30_000);
            assertThat(refreshed).extracting(target -> target.labels().get("pod")).containsExactly("web-1", "web-3");
        }
    }
}
