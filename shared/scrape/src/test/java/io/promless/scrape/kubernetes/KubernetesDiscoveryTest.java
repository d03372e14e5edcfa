package io.promless.scrape.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.config.ConfigLoader;
import io.promless.config.KubernetesSdConfig;
import io.promless.config.StaticConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing behaviour: namespaces, selectors, pages, credentials, refresh timing and failures. */
class KubernetesDiscoveryTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final Duration REFRESH = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private static KubernetesTestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KubernetesTestCluster.start();
    }

    @BeforeEach
    void emptyCluster() {
        cluster.reset();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static KubernetesSdConfig config(String entry) {
        String yaml = "scrape_configs:\n  - job_name: k8s\n    kubernetes_sd_configs:\n      - "
                + entry.replace("\n", "\n        ") + "\n";
        return (KubernetesSdConfig) new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER)
                .parse(yaml, null).scrapeConfigs().get(0).discoveryConfigs().get(0);
    }

    private KubernetesDiscovery discovery(String entry) {
        return new KubernetesDiscovery("k8s", config("api_server: " + cluster.url() + "\n" + entry), InCluster.standard(), REFRESH);
    }

    private static List<String> addresses(List<StaticConfig> groups) {
        return groups.stream().flatMap(group -> group.targets().stream()).toList();
    }

    private static List<String> podNames(List<StaticConfig> groups) {
        return groups.stream().map(group -> group.labels().get("__meta_kubernetes_namespace") + "/"
                + group.labels().get("__meta_kubernetes_pod_name")).toList();
    }

    @Test
    void listsOnlyTheConfiguredNamespacesWithTheSelectorsAsQueryParameters() {
        ClusterObjects.simplePod(cluster.client(), "default", "web-a", "web", "10.1.0.1");
        ClusterObjects.simplePod(cluster.client(), "default", "web-b", "web", "10.1.0.2");
        ClusterObjects.simplePod(cluster.client(), "default", "db-a", "db", "10.1.0.3");
        ClusterObjects.simplePod(cluster.client(), "other", "web-a", "web", "10.2.0.1");
        ClusterObjects.simplePod(cluster.client(), "ignored", "web-a", "web", "10.3.0.1");

        KubernetesDiscovery discovery = discovery("""
                role: pod
                namespaces: {names: [default, other]}
                selectors: [{role: pod, label: "app=web", field: "metadata.name=web-a"}]""");

        assertThat(podNames(discovery.groups(NOW))).containsExactly("default/web-a", "other/web-a");
        assertThat(cluster.requests()).containsExactly(
                "/api/v1/namespaces/default/pods?limit=500&labelSelector=app%3Dweb&fieldSelector=metadata.name%3Dweb-a",
                "/api/v1/namespaces/other/pods?limit=500&labelSelector=app%3Dweb&fieldSelector=metadata.name%3Dweb-a");
    }

    @Test
    void allNamespacesWhenNoneAreNamed() {
        ClusterObjects.simplePod(cluster.client(), "default", "a", "web", "10.1.0.1");
        ClusterObjects.simplePod(cluster.client(), "other", "b", "db", "10.2.0.1");

        assertThat(podNames(discovery("role: pod").groups(NOW))).containsExactlyInAnyOrder("default/a", "other/b");
        assertThat(cluster.requests()).containsExactly("/api/v1/pods?limit=500");
    }

    @Test
    void followsContinueTokensUntilTheListIsComplete() {
        for (int i = 1; i <= 3; i++) {
            ClusterObjects.simplePod(cluster.client(), "default", "p" + i, "web", "10.1.0." + i);
        }
        cluster.mode(KubernetesTestCluster.Mode.PAGES_OF_ONE);

        assertThat(addresses(discovery("role: pod").groups(NOW)))
                .containsExactlyInAnyOrder("10.1.0.1:8080", "10.1.0.2:8080", "10.1.0.3:8080");
        assertThat(cluster.requests()).containsExactly("/api/v1/pods?limit=500", "/api/v1/pods?limit=500&continue=1",
                "/api/v1/pods?limit=500&continue=2");
    }

    @Test
    void refreshesAtMostOncePerIntervalAndSeesAddedAndDeletedObjects() {
        ClusterObjects.simplePod(cluster.client(), "default", "a", "web", "10.1.0.1");
        KubernetesDiscovery discovery = discovery("role: pod");
        assertThat(addresses(discovery.groups(NOW))).containsExactly("10.1.0.1:8080");

        ClusterObjects.simplePod(cluster.client(), "default", "b", "web", "10.1.0.2");
        assertThat(addresses(discovery.groups(NOW + 29_999))).as("not due yet").containsExactly("10.1.0.1:8080");
        assertThat(addresses(discovery.groups(NOW + 30_000))).containsExactlyInAnyOrder("10.1.0.1:8080", "10.1.0.2:8080");

        cluster.client().pods().inNamespace("default").withName("a").delete();
        assertThat(addresses(discovery.groups(NOW + 60_000))).containsExactly("10.1.0.2:8080");
        assertThat(discovery.refreshes()).isEqualTo(3);
        assertThat(cluster.requests()).hasSize(3);
    }

    @Test
    void bearerTokenFromAFileIsSentAndReReadEachRefresh() throws IOException {
        ClusterObjects.simplePod(cluster.client(), "default", "a", "web", "10.1.0.1");
        cluster.requireToken("s3cret");
        Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
        KubernetesDiscovery discovery = discovery("role: pod\nbearer_token_file: " + token);

        assertThat(addresses(discovery.groups(NOW))).containsExactly("10.1.0.1:8080");

        Files.writeString(token, "expired");
        assertThat(addresses(discovery.groups(NOW + 30_000))).as("last good targets kept").containsExactly("10.1.0.1:8080");
        assertThat(discovery.failures()).isEqualTo(1);
        assertThat(discovery.lastError().orElseThrow())
                .startsWith("401 Unauthorized: check authorization/bearer_token_file")
                .contains("/api/v1/pods");
    }

    @Test
    void authorizationCredentialsInline() {
        ClusterObjects.simplePod(cluster.client(), "default", "a", "web", "10.1.0.1");
        cluster.requireToken("abc");

        assertThat(addresses(discovery("role: pod\nauthorization: {credentials: abc}").groups(NOW))).containsExactly("10.1.0.1:8080");
        KubernetesDiscovery anonymous = discovery("role: pod");
        assertThat(anonymous.groups(NOW)).isEmpty();
        assertThat(anonymous.lastError().orElseThrow()).startsWith("401 Unauthorized: check the credentials (none configured");
    }

    @Test
    void keepsTheLastGoodTargetsThroughServerErrorsAndGarbage() {
        ClusterObjects.simplePod(cluster.client(), "default", "a", "web", "10.1.0.1");
        KubernetesDiscovery discovery = discovery("role: pod");
        List<StaticConfig> good = discovery.groups(NOW);
        assertThat(addresses(good)).containsExactly("10.1.0.1:8080");

        cluster.mode(KubernetesTestCluster.Mode.SERVER_ERROR);
        assertThat(discovery.groups(NOW + 30_000)).isEqualTo(good);
        assertThat(discovery.lastError().orElseThrow()).contains("HTTP 500").contains("etcdserver: request timed out");

        cluster.mode(KubernetesTestCluster.Mode.MALFORMED);
        assertThat(discovery.groups(NOW + 60_000)).isEqualTo(good);
        assertThat(discovery.lastError().orElseThrow()).startsWith("malformed answer to GET").contains("not JSON");
        assertThat(discovery.failures()).isEqualTo(2);

        cluster.mode(KubernetesTestCluster.Mode.FORWARD);
        ClusterObjects.simplePod(cluster.client(), "default", "b", "web", "10.1.0.2");
        assertThat(addresses(discovery.groups(NOW + 90_000))).hasSize(2);
        assertThat(discovery.lastError()).isEmpty();
        assertThat(discovery.failures()).isEqualTo(2);
    }

    @Test
    void anUnreachableApiServerIsLoggedWithJobAndServerAndCounted() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String server = "http://127.0.0.1:" + closedPort;
        KubernetesDiscovery discovery = new KubernetesDiscovery("kube-pods", config("api_server: " + server + "\nrole: pod"),
                InCluster.standard(), REFRESH);
        List<String> logged = new ArrayList<>();
        Logger logger = Logger.getLogger(KubernetesDiscovery.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try {
            assertThat(discovery.groups(NOW)).isEmpty();
        } finally {
            logger.removeHandler(handler);
        }
        assertThat(discovery.failures()).isEqualTo(1);
        assertThat(discovery.lastError().orElseThrow()).startsWith("API server unreachable: GET " + server + "/api/v1/pods");
        assertThat(logged).singleElement().asString()
                .contains("job \"kube-pods\"").contains("api_server " + server).contains("API server unreachable");
    }

    @Test
    void inClusterUsesTheServiceAccountTokenCaAndOwnNamespace() throws Exception {
        try (KubernetesTestCluster https = KubernetesTestCluster.startHttps()) {
            ClusterObjects.simplePod(https.client(), "monitoring", "a", "web", "10.1.0.1");
            ClusterObjects.simplePod(https.client(), "default", "b", "web", "10.2.0.1");
            https.requireToken("sa-token");
            Path account = Files.createDirectories(dir.resolve("serviceaccount"));
            Files.writeString(account.resolve("token"), "sa-token");
            Files.copy(KubernetesTestCluster.caFile(), account.resolve("ca.crt"));
            Files.writeString(account.resolve("namespace"), "monitoring");
            Map<String, String> environment = Map.of("KUBERNETES_SERVICE_HOST", "127.0.0.1",
                    "KUBERNETES_SERVICE_PORT", Integer.toString(https.port()));
            KubernetesDiscovery discovery = new KubernetesDiscovery("k8s", config("role: pod\nnamespaces: {own_namespace: true}"),
                    new InCluster(environment::get, account), REFRESH);

            assertThat(podNames(discovery.groups(NOW))).containsExactly("monitoring/a");
            assertThat(https.requests()).containsExactly("/api/v1/namespaces/monitoring/pods?limit=500");
        }
    }

    @Test
    void outsideAPodWithoutApiServerTheFailureSaysWhatToSet() {
        KubernetesDiscovery discovery = new KubernetesDiscovery("k8s", config("role: node"),
                new InCluster(name -> null, dir), REFRESH);

        assertThat(discovery.groups(NOW)).isEmpty();
        assertThat(discovery.lastError().orElseThrow()).contains("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined")
                .contains("set api_server or kubeconfig_file");
    }

    @Test
    void kubeconfigFileSuppliesServerAndToken() throws IOException {
        ClusterObjects.simplePod(cluster.client(), "default", "a", "web", "10.1.0.1");
        cluster.requireToken("from-kubeconfig");
        Path kubeconfig = Files.writeString(dir.resolve("config"), """
                apiVersion: v1
                kind: Config
                current-context: test
                contexts:
                  - name: test
                    context: {cluster: mock, user: tester}
                clusters:
                  - name: mock
                    cluster: {server: "%s"}
                users:
                  - name: tester
                    user: {token: from-kubeconfig}
                """.formatted(cluster.url()));
        KubernetesDiscovery discovery = new KubernetesDiscovery("k8s", config("role: pod\nkubeconfig_file: " + kubeconfig),
                InCluster.standard(), REFRESH);

        assertThat(addresses(discovery.groups(NOW))).containsExactly("10.1.0.1:8080");
    }

    @Test
    void forbiddenNamesTheMissingPermission() {
        cluster.mode(KubernetesTestCluster.Mode.FORBIDDEN);
        KubernetesDiscovery discovery = discovery("role: pod");

        assertThat(discovery.groups(NOW)).isEmpty();
        assertThat(discovery.lastError().orElseThrow()).startsWith("403 Forbidden: the credentials may not list this resource")
                .contains("cannot list resource \"pods\"");
    }

    @Test
    void tlsConfigCaFileOrInsecureSkipVerifyReachAnHttpsApiServer() throws Exception {
        try (KubernetesTestCluster https = KubernetesTestCluster.startHttps()) {
            ClusterObjects.simplePod(https.client(), "default", "a", "web", "10.1.0.1");
            String base = "api_server: " + https.url() + "\nrole: pod\n";

            KubernetesDiscovery trusted = new KubernetesDiscovery("k8s",
                    config(base + "tls_config: {ca_file: " + KubernetesTestCluster.caFile() + "}"), InCluster.standard(), REFRESH);
            KubernetesDiscovery insecure = new KubernetesDiscovery("k8s",
                    config(base + "tls_config: {insecure_skip_verify: true}"), InCluster.standard(), REFRESH);
            KubernetesDiscovery untrusted = new KubernetesDiscovery("k8s", config(base), InCluster.standard(), REFRESH);

            assertThat(addresses(trusted.groups(NOW))).containsExactly("10.1.0.1:8080");
            assertThat(addresses(insecure.groups(NOW))).containsExactly("10.1.0.1:8080");
            assertThat(untrusted.groups(NOW)).isEmpty();
            assertThat(untrusted.lastError().orElseThrow()).startsWith("API server unreachable").contains("SSLHandshakeException");
        }
    }

    @Test
    void anApiServerThatIsNoHttpUrlFailsTheRefreshSayingHowToWriteIt() {
        KubernetesDiscovery discovery = new KubernetesDiscovery("k8s", config("api_server: kubernetes:443\nrole: pod"),
                InCluster.standard(), REFRESH);

        assertThat(discovery.groups(NOW)).isEmpty();
        assertThat(discovery.lastError().orElseThrow())
                .isEqualTo("api_server \"kubernetes:443\" is not an http(s) URL with a host; write it like https://kubernetes:443");
    }
}
