package io.promless.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promless.local.cli.ListenAddress;
import io.promless.local.cli.LocalFlags;
import io.promless.local.cli.LogLevel;
import io.promless.rules.file.RuleFileException;
import io.promless.testkit.exporters.NodeExporterProcess;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules in the local mode as a user runs them: rule_files from prometheus.yml (a glob relative to
 * the config file), a recording rule and alerts on {@code up} over a real node_exporter and a
 * target that is down. Checked through /api/v1/rules, /api/v1/alerts and /api/v1/query, and
 * differentially against Debian's Prometheus 2.42 running the same configuration and rule file.
 */
class LocalRulesEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static NodeExporterProcess nodeExporter;

    @TempDir
    Path directory;

    @BeforeAll
    static void startNodeExporter() {
        nodeExporter = NodeExporterProcess.start();
    }

    @AfterAll
    static void stopNodeExporter() {
        nodeExporter.close();
    }

    @Test
    void rulesAndAlertsAreServedAndAgreeWithPrometheus() throws Exception {
        int deadPort = freePort();
        Path config = directory.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - rules/*.yml
                scrape_configs:
                  - job_name: node
                    static_configs:
                      - targets: ['%s']
                  - job_name: dead
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(nodeExporter.address(), deadPort));
        Files.createDirectories(directory.resolve("rules"));
        Path rulesFile = directory.resolve("rules").resolve("example.yml");
        Files.writeString(rulesFile, """
                groups:
                  - name: example
                    rules:
                      - record: job:up:sum
                        expr: sum by (job) (up)
                      - alert: TargetDown
                        expr: up == 0
                        for: 2s
                        labels:
                          severity: page
                        annotations:
                          summary: "{{ $labels.instance }} of job {{ $labels.job }} is down (up={{ $value }})"
                          functions: >-
                            {{ printf "%.2f|%5.1f|%d|%s|%q" 2.675 3.14159 42 "x" "y" }}
                            {{ humanize 1234567.0 }} {{ humanize 0.00123 }} {{ humanize1024 1048576.0 }}
                            {{ humanizeDuration 90061.0 }} {{ humanizeDuration 1.5 }} {{ humanizePercentage 0.12345 }}
                            {{ humanizeTimestamp 1435065584.128 }} {{ toUpper $labels.job }} {{ title "hello world" }}
                            {{ reReplaceAll "(.*):.*" "$1" $labels.instance }} {{ match "^127" $labels.instance }}
                            {{ if eq $labels.job "dead" }}dead{{ else }}alive{{ end }} {{ $value | humanize }}
                            {{ range sortByLabel "job" (query "up") }}{{ .Labels.job }}={{ .Value }} {{ end }}
                            {{ with query "vector(12345.678)" }}{{ . | first | value | printf "%.1f" }}{{ end }}
                            {{ $externalURL | len | printf "%T" }} {{ 1e6 }} {{ 1e-5 }} {{ 123456.0 }}
                      - alert: LongPending
                        expr: vector(1)
                        for: 1h
                """);
        LocalFlags flags = new LocalFlags(config, directory.resolve("data"), Duration.ofDays(15),
                new ListenAddress("127.0.0.1", 0), LogLevel.WARN);

        try (LocalPromless promless = LocalPromless.start(flags);
                ReferencePrometheus prometheus = ReferencePrometheus.start(config, directory.resolve("prometheus"))) {
            String base = "http://127.0.0.1:" + promless.address().getPort();
            JsonNode ours = awaitFiring(base);
            JsonNode theirs = awaitFiring(prometheus.base());

            // Promless on its own: the exact alert, rule states and health.
            JsonNode alert = firing(ours);
            assertThat(text(alert.get("labels"))).isEqualTo(Map.of("alertname", "TargetDown", "instance", "127.0.0.1:" + deadPort,
                    "job", "dead", "severity", "page"));
            assertThat(alert.get("annotations").get("summary").asText())
                    .isEqualTo("127.0.0.1:" + deadPort + " of job dead is down (up=0)");
            assertThat(alert.get("value").asText()).isEqualTo("0e+00");
            String functions = alert.get("annotations").get("functions").asText();
            System.out.println("template functions expanded: " + functions);
            assertThat(functions).doesNotContain("error").contains("1.235M").contains("dead=0 node=1");
            JsonNode group = get(base + "/api/v1/rules").get("groups").get(0);
            assertThat(group.get("name").asText()).isEqualTo("example");
            assertThat(group.get("file").asText()).isEqualTo(rulesFile.toString());
            assertThat(group.get("interval").asDouble()).isEqualTo(1.0);
            assertThat(group.get("lastEvaluation").asText()).isNotEqualTo("0001-01-01T00:00:00Z");
            List<String> summary = ruleSummary(group);
            assertThat(summary).containsExactly(
                    "recording job:up:sum [sum by (job) (up)] ok inactive",
                    "alerting TargetDown [up == 0] ok firing",
                    "alerting LongPending [vector(1)] ok pending");

            JsonNode recorded = awaitQuery(base, "job:up:sum", result -> result.size() == 2);
            assertThat(valuesByLabel(recorded, "job")).isEqualTo(Map.of("dead", "0", "node", "1"));
            JsonNode alertsSeries = awaitQuery(base, "ALERTS", result -> result.size() == 2);
            assertThat(valuesByLabel(alertsSeries, "alertstate")).isEqualTo(Map.of("firing", "1", "pending", "1"));

            // Differential: the same rule file in Prometheus 2.42 shows the same rules, alerts and recorded values.
            JsonNode theirGroup = get(prometheus.base() + "/api/v1/rules").get("groups").get(0);
            assertThat(ruleSummary(theirGroup)).isEqualTo(summary);
            assertThat(theirGroup.get("file").asText()).isEqualTo(group.get("file").asText());
            assertThat(fieldNames(group)).isEqualTo(fieldNames(theirGroup));
            for (int i = 0; i < group.get("rules").size(); i++) {
                assertThat(fieldNames(group.get("rules").get(i))).as("fields of rule " + i)
                        .isEqualTo(fieldNames(theirGroup.get("rules").get(i)));
            }
            assertThat(alertIdentities(get(base + "/api/v1/alerts"))).isEqualTo(alertIdentities(get(prometheus.base() + "/api/v1/alerts")));
            assertThat(fieldNames(firing(ours))).isEqualTo(fieldNames(firing(theirs)));
            JsonNode theirRecorded = awaitQuery(prometheus.base(), "job:up:sum", result -> result.size() == 2);
            assertThat(valuesByLabel(recorded, "job")).isEqualTo(valuesByLabel(theirRecorded, "job"));
            JsonNode theirAlertsSeries = awaitQuery(prometheus.base(), "ALERTS", result -> result.size() == 2);
            assertThat(seriesLabels(alertsSeries)).isEqualTo(seriesLabels(theirAlertsSeries));
            // Both place the group's evaluations at the same instants within each second (the group's hash offset).
            assertThat(evaluationPhases(base)).hasSize(1).isEqualTo(evaluationPhases(prometheus.base()));
        }

        // After a restart on the same data, the long-pending alert keeps the time it already spent
        // pending (restored from ALERTS_FOR_STATE) instead of starting over.
        Instant restartedAt = Instant.now();
        try (LocalPromless restarted = LocalPromless.start(flags)) {
            String base = "http://127.0.0.1:" + restarted.address().getPort();
            JsonNode pending = awaitAlert(base, "LongPending");
            assertThat(Instant.parse(pending.get("activeAt").asText())).isBefore(restartedAt);
        }
    }

    @Test
    void anInvalidRuleFileStopsTheStartWithFileLineAndRule() throws Exception {
        Path config = directory.resolve("prometheus.yml");
        Files.writeString(config, "rule_files: [bad.yml]\n");
        Files.writeString(directory.resolve("bad.yml"), "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: 'sum('\n");
        LocalFlags flags = new LocalFlags(config, directory.resolve("data"), Duration.ofDays(15),
                new ListenAddress("127.0.0.1", 0), LogLevel.WARN);
        assertThatThrownBy(() -> LocalPromless.start(flags).close())
                .isInstanceOf(RuleFileException.class)
                .hasMessageContaining(directory.resolve("bad.yml") + ": 4: group \"g\", rule 1, \"r\": could not parse expression");
    }

    /** The millisecond-of-second of the recorded samples' timestamps. */
    private static TreeSet<Long> evaluationPhases(String base) throws Exception {
        JsonNode series = awaitQuery(base, "job:up:sum{job=\"node\"}[5s]", result -> result.size() == 1);
        TreeSet<Long> phases = new TreeSet<>();
        for (JsonNode point : series.get(0).get("values")) {
            long millis = new BigDecimal(point.get(0).asText()).movePointRight(3).longValueExact();
            phases.add(Math.floorMod(millis, 1000L));
        }
        return phases;
    }

    private static JsonNode awaitAlert(String base, String name) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        JsonNode alerts = null;
        while (System.nanoTime() < deadline) {
            alerts = get(base + "/api/v1/alerts");
            for (JsonNode alert : alerts.get("alerts")) {
                if (alert.get("labels").get("alertname").asText().equals(name)) {
                    return alert;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError(base + " shows no " + name + " alert in time; last: " + alerts);
    }

    private static JsonNode awaitFiring(String base) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        JsonNode alerts = null;
        while (System.nanoTime() < deadline) {
            alerts = get(base + "/api/v1/alerts");
            if (firing(alerts) != null) {
                return alerts;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(base + " shows no firing alert in time; last: " + alerts);
    }

    private static JsonNode firing(JsonNode alerts) {
        for (JsonNode alert : alerts.get("alerts")) {
            if (alert.get("state").asText().equals("firing")) {
                return alert;
            }
        }
        return null;
    }

    private static List<String> ruleSummary(JsonNode group) {
        List<String> rules = new ArrayList<>();
        for (JsonNode rule : group.get("rules")) {
            rules.add(rule.get("type").asText() + " " + rule.get("name").asText() + " [" + rule.get("query").asText() + "] "
                    + rule.get("health").asText() + " " + rule.path("state").asText("inactive"));
        }
        return rules;
    }

    private static List<String> alertIdentities(JsonNode alerts) {
        List<String> identities = new ArrayList<>();
        for (JsonNode alert : alerts.get("alerts")) {
            identities.add(text(alert.get("labels")) + " " + text(alert.get("annotations")) + " " + alert.get("state").asText()
                    + " " + alert.get("value").asText());
        }
        identities.sort(null);
        return identities;
    }

    private static TreeSet<String> fieldNames(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, String> text(JsonNode object) {
        Map<String, String> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            out.put(field.getKey(), field.getValue().asText());
        }
        return out;
    }

    private static Map<String, String> valuesByLabel(JsonNode result, String label) {
        Map<String, String> out = new TreeMap<>();
        result.forEach(sample -> out.put(sample.get("metric").get(label).asText(), sample.get("value").get(1).asText()));
        return out;
    }

    private static List<Map<String, String>> seriesLabels(JsonNode result) {
        List<Map<String, String>> out = new ArrayList<>();
        result.forEach(sample -> out.add(text(sample.get("metric"))));
        out.sort((a, b) -> a.toString().compareTo(b.toString()));
        return out;
    }

    private static JsonNode awaitQuery(String base, String promql, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        JsonNode result = null;
        while (System.nanoTime() < deadline) {
            URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            result = JSON.readTree(response.body()).get("data").get("result");
            if (done.test(result)) {
                return result;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("query " + promql + " on " + base + " did not return the expected result in time; last: " + result);
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("data");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Debian's prometheus on a free loopback port with the given config; stopped on close. */
    private record ReferencePrometheus(Process process, String base) implements AutoCloseable {
        static ReferencePrometheus start(Path config, Path data) throws Exception {
            Path program = Path.of(System.getenv().getOrDefault("PROMLESS_PROMETHEUS", "/usr/bin/prometheus"));
            assertThat(program).as("Debian package prometheus").isExecutable();
            Files.createDirectories(data);
            int port = freePort();
            Process process = new ProcessBuilder(List.of(program.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + data.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"))
                    .redirectErrorStream(true)
                    .redirectOutput(data.resolve("prometheus.log").toFile())
                    .start();
            ReferencePrometheus server = new ReferencePrometheus(process, "http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + "/-/ready")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (ready.statusCode() == 200) {
                        return server;
                    }
                } catch (IOException notYet) {
                    // Not listening yet.
                }
                Thread.sleep(200);
            }
            server.close();
            throw new AssertionError("Prometheus did not get ready: " + Files.readString(data.resolve("prometheus.log")));
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
