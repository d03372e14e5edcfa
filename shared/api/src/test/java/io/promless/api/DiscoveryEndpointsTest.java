package io.promless.api;

import static io.promless.api.PrometheusApiTest.get;
import static io.promless.api.PrometheusApiTest.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.labels.Labels;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DiscoveryEndpointsTest {
    private static final TargetsView.ActiveTarget NODE = new TargetsView.ActiveTarget(
            Labels.of("__address__", "127.0.0.1:9100", "__metrics_path__", "/metrics", "__scheme__", "http", "job", "node"),
            Labels.of("instance", "127.0.0.1:9100", "job", "node"),
            "node", "http://127.0.0.1:9100/metrics", "http://host-1:9100/metrics", "",
            Instant.parse("2026-11-26T07:59:45.723715405Z"), Duration.ofNanos(50_688_943), TargetsView.Health.UP,
            Duration.ofMinutes(1), Duration.ofSeconds(10));
    private static final TargetsView.ActiveTarget PROMLESS_NEVER_SCRAPED = new TargetsView.ActiveTarget(
            Labels.of("__address__", "localhost:9090", "job", "promless"),
            Labels.of("instance", "localhost:9090", "job", "promless"),
            "promless", "http://localhost:9090/metrics", "http://host-1:9090/metrics", "",
            null, Duration.ZERO, TargetsView.Health.UNKNOWN, Duration.ofSeconds(90), Duration.ofMillis(1500));
    private static final TargetsView.ActiveTarget NODE_DOWN = new TargetsView.ActiveTarget(
            Labels.of("__address__", "10.0.0.2:9100", "job", "node"),
            Labels.of("instance", "10.0.0.2:9100", "job", "node"),
            "node", "http://10.0.0.2:9100/metrics", "http://10.0.0.2:9100/metrics",
            "Get \"http://10.0.0.2:9100/metrics\": connection refused",
            Instant.parse("2026-11-26T07:59:50Z"), Duration.ofMillis(2), TargetsView.Health.DOWN,
            Duration.ofDays(14), Duration.ofSeconds(10));
    private static final TargetsView.DroppedTarget DROPPED =
            new TargetsView.DroppedTarget(Labels.of("__address__", "10.0.0.9:9100", "job", "node"), "node");

    private static final String NODE_JSON = "{\"discoveredLabels\":{\"__address__\":\"127.0.0.1:9100\","
            + "\"__metrics_path__\":\"/metrics\",\"__scheme__\":\"http\",\"job\":\"node\"},"
            + "\"labels\":{\"instance\":\"127.0.0.1:9100\",\"job\":\"node\"},\"scrapePool\":\"node\","
            + "\"scrapeUrl\":\"http://127.0.0.1:9100/metrics\",\"globalUrl\":\"http://host-1:9100/metrics\","
            + "\"lastError\":\"\",\"lastScrape\":\"2026-11-26T07:59:45.723715405Z\",\"lastScrapeDuration\":0.050688943,"
            + "\"health\":\"up\",\"scrapeInterval\":\"1m\",\"scrapeTimeout\":\"10s\"}";
    private static final String NODE_DOWN_JSON = "{\"discoveredLabels\":{\"__address__\":\"10.0.0.2:9100\",\"job\":\"node\"},"
            + "\"labels\":{\"instance\":\"10.0.0.2:9100\",\"job\":\"node\"},\"scrapePool\":\"node\","
            + "\"scrapeUrl\":\"http://10.0.0.2:9100/metrics\",\"globalUrl\":\"http://10.0.0.2:9100/metrics\","
            + "\"lastError\":\"Get \\\"http://10.0.0.2:9100/metrics\\\": connection refused\","
            + "\"lastScrape\":\"2026-11-26T07:59:50Z\",\"lastScrapeDuration\":0.002,"
            + "\"health\":\"down\",\"scrapeInterval\":\"2w\",\"scrapeTimeout\":\"10s\"}";
    private static final String PROMLESS_JSON = "{\"discoveredLabels\":{\"__address__\":\"localhost:9090\",\"job\":\"promless\"},"
            + "\"labels\":{\"instance\":\"localhost:9090\",\"job\":\"promless\"},\"scrapePool\":\"promless\","
            + "\"scrapeUrl\":\"http://localhost:9090/metrics\",\"globalUrl\":\"http://host-1:9090/metrics\","
            + "\"lastError\":\"\",\"lastScrape\":\"0001-01-01T00:00:00Z\",\"lastScrapeDuration\":0,"
            + "\"health\":\"unknown\",\"scrapeInterval\":\"1m30s\",\"scrapeTimeout\":\"1s500ms\"}";
    private static final String DROPPED_JSON =
            "{\"discoveredLabels\":{\"__address__\":\"10.0.0.9:9100\",\"job\":\"node\"},\"scrapePool\":\"node\"}";

    private final PrometheusApi api = PrometheusApi.builder(new RecordingQueryEngine(), new InMemoryQueryable(List.of()),
                    new FakeSelectorParser(), InstantSource.fixed(Instant.EPOCH))
            .targets(() -> new TargetsView.Snapshot(List.of(PROMLESS_NEVER_SCRAPED, NODE, NODE_DOWN), List.of(DROPPED)))
            .build();

    static Stream<Arguments> targetQueries() {
        String all = "[" + NODE_JSON + "," + NODE_DOWN_JSON + "," + PROMLESS_JSON + "]";
        return Stream.of(
                Arguments.of("", all, "[" + DROPPED_JSON + "]", "{\"node\":1,\"promless\":0}"),
                Arguments.of("?state=any", all, "[" + DROPPED_JSON + "]", "{\"node\":1,\"promless\":0}"),
                Arguments.of("?state=Active", all, "[]", "null"),
                Arguments.of("?state=dropped", "[]", "[" + DROPPED_JSON + "]", "{\"node\":1,\"promless\":0}"),
                Arguments.of("?state=sideways", "[]", "[]", "null"),
                Arguments.of("?scrapePool=promless", "[" + PROMLESS_JSON + "]", "[]", "{\"promless\":0}"),
                Arguments.of("?scrapePool=node&state=active", "[" + NODE_JSON + "," + NODE_DOWN_JSON + "]", "[]", "null"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("targetQueries")
    void showsTargetsInPrometheusShapePoolsInNameOrder(String query, String active, String dropped, String counts) {
        ApiResponse response = api.handle(get("/api/v1/targets" + query));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("{\"status\":\"success\",\"data\":{\"activeTargets\":" + active
                + ",\"droppedTargets\":" + dropped + ",\"droppedTargetCounts\":" + counts + "}}");
    }

    @Test
    void aServerWithoutTargetsShowsEmptyListsNotInventedOnes() {
        PrometheusApi bare = new PrometheusApi(new RecordingQueryEngine(), new InMemoryQueryable(List.of()),
                new FakeSelectorParser(), InstantSource.fixed(Instant.EPOCH));

        assertThat(bare.handle(get("/api/v1/targets")).bodyText()).isEqualTo(
                "{\"status\":\"success\",\"data\":{\"activeTargets\":[],\"droppedTargets\":[],\"droppedTargetCounts\":{}}}");
    }

    @Test
    void listsConfiguredScrapePoolsAlsoThoseWithoutTargets() {
        PrometheusApi withIdlePool = PrometheusApi.builder(new RecordingQueryEngine(), new InMemoryQueryable(List.of()),
                        new FakeSelectorParser(), InstantSource.fixed(Instant.EPOCH))
                .targets(() -> new TargetsView.Snapshot(List.of("pushgateway", "node", "promless"),
                        List.of(NODE, PROMLESS_NEVER_SCRAPED), List.of()))
                .build();

        assertThat(withIdlePool.handle(get("/api/v1/scrape_pools")).bodyText()).isEqualTo(
                "{\"status\":\"success\",\"data\":{\"scrapePools\":[\"node\",\"promless\",\"pushgateway\"]}}");
        assertThat(withIdlePool.handle(get("/api/v1/targets?state=dropped")).bodyText()).isEqualTo(
                "{\"status\":\"success\",\"data\":{\"activeTargets\":[],\"droppedTargets\":[],"
                        + "\"droppedTargetCounts\":{\"node\":0,\"promless\":0,\"pushgateway\":0}}}");
        assertThat(api.handle(get("/api/v1/scrape_pools")).bodyText()).isEqualTo(
                "{\"status\":\"success\",\"data\":{\"scrapePools\":[\"node\",\"promless\"]}}");
    }

    static Stream<Arguments> emptyLists() {
        return Stream.of(
                Arguments.of("/api/v1/rules", "{\"groups\":[]}"),
                Arguments.of("/api/v1/rules?type=ALERT&exclude_alerts=True", "{\"groups\":[]}"),
                Arguments.of("/api/v1/rules?type=record&match[]=up", "{\"groups\":[]}"),
                Arguments.of("/api/v1/alerts", "{\"alerts\":[]}"),
                Arguments.of("/api/v1/alertmanagers", "{\"activeAlertmanagers\":[],\"droppedAlertmanagers\":[]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emptyLists")
    void rulesAlertsAndAlertmanagersAreEmptyUntilRulesExist(String pathAndQuery, String data) {
        assertThat(api.handle(get(pathAndQuery)).bodyText()).isEqualTo("{\"status\":\"success\",\"data\":" + data + "}");
        String path = pathAndQuery.split("\\?")[0];
        assertThat(api.handle(post(path, "")).bodyText()).isEqualTo("{\"status\":\"success\",\"data\":" + data + "}");
    }

    static Stream<Arguments> badRuleQueries() {
        return Stream.of(
                Arguments.of("?type=recording", "invalid parameter \\\"type\\\": not supported value \\\"recording\\\""),
                Arguments.of("?exclude_alerts=yes",
                        "invalid parameter \\\"exclude_alerts\\\": strconv.ParseBool: parsing \\\"yes\\\": invalid syntax"),
                Arguments.of("?match[]={job=~\\\".*\\\"}&type=bad",
                        "invalid parameter \\\"match[]\\\": match[] must contain at least one non-empty matcher"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRuleQueries")
    void refusesRuleFiltersPrometheusRefuses(String query, String message) {
        ApiResponse response = api.handle(get("/api/v1/rules" + query.replace("\\\"", "\"")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyText())
                .isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"" + message + "\"}");
    }

    private static final RulesView.Alert FIRING = new RulesView.Alert(
            Labels.of("alertname", "InstanceDown", "instance", "a:1", "severity", "page"), Labels.of("summary", "a:1 down"),
            "firing", Instant.parse("2026-11-26T08:00:00.5Z"), null, 0);
    private static final RulesView.Group GROUP = new RulesView.Group("example", "/etc/rules.yml", Duration.ofSeconds(30), 0,
            Instant.parse("2026-11-26T08:05:00Z"), Duration.ofNanos(1_500_000), List.of(
                    new RulesView.Rule(RulesView.Type.ALERTING, "InstanceDown", "up == 0", Labels.of("severity", "page"),
                            Duration.ofMinutes(5), Duration.ZERO, Labels.of("summary", "{{ $labels.instance }} down"), "firing",
                            List.of(FIRING), "ok", "", Instant.parse("2026-11-26T08:05:00Z"), Duration.ofNanos(1_000_000)),
                    new RulesView.Rule(RulesView.Type.RECORDING, "job:up:sum", "sum by (job) (up)", Labels.EMPTY, Duration.ZERO,
                            Duration.ZERO, Labels.EMPTY, "inactive", List.of(), "err", "boom", null, Duration.ZERO)));
    private static final String FIRING_JSON = "{\"labels\":{\"alertname\":\"InstanceDown\",\"instance\":\"a:1\",\"severity\":\"page\"},"
            + "\"annotations\":{\"summary\":\"a:1 down\"},\"state\":\"firing\",\"activeAt\":\"2026-11-26T08:00:00.5Z\",\"value\":\"0e+00\"}";

    private final PrometheusApi withRules = PrometheusApi.builder(new RecordingQueryEngine(), new InMemoryQueryable(List.of()),
            io.promless.promql.SeriesSelectors::parse, InstantSource.fixed(Instant.EPOCH)).rules(() -> List.of(GROUP)).build();

    @Test
    void rulesAreShownWithPrometheusFieldsAndOrder() {
        assertThat(withRules.handle(get("/api/v1/rules")).bodyText()).isEqualTo("{\"status\":\"success\",\"data\":{\"groups\":[{"
                + "\"name\":\"example\",\"file\":\"/etc/rules.yml\",\"rules\":["
                + "{\"state\":\"firing\",\"name\":\"InstanceDown\",\"query\":\"up == 0\",\"duration\":300,\"keepFiringFor\":0,"
                + "\"labels\":{\"severity\":\"page\"},\"annotations\":{\"summary\":\"{{ $labels.instance }} down\"},"
                + "\"alerts\":[" + FIRING_JSON + "],\"health\":\"ok\",\"evaluationTime\":0.001,"
                + "\"lastEvaluation\":\"2026-11-26T08:05:00Z\",\"type\":\"alerting\"},"
                + "{\"name\":\"job:up:sum\",\"query\":\"sum by (job) (up)\",\"health\":\"err\",\"lastError\":\"boom\","
                + "\"evaluationTime\":0,\"lastEvaluation\":\"0001-01-01T00:00:00Z\",\"type\":\"recording\"}],"
                + "\"interval\":30,\"limit\":0,\"evaluationTime\":0.0015,\"lastEvaluation\":\"2026-11-26T08:05:00Z\"}]}}");
        assertThat(withRules.handle(get("/api/v1/alerts")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":{\"alerts\":[" + FIRING_JSON + "]}}");
    }

    static Stream<Arguments> ruleFilters() {
        return Stream.of(
                Arguments.of("type=record", List.of("job:up:sum")),
                Arguments.of("type=alert", List.of("InstanceDown")),
                Arguments.of("rule_name[]=job:up:sum&rule_name[]=nope", List.of("job:up:sum")),
                Arguments.of("rule_group[]=other", List.of()),
                Arguments.of("file[]=/etc/rules.yml", List.of("InstanceDown", "job:up:sum")),
                Arguments.of("match[]={severity=\"page\"}", List.of("InstanceDown")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleFilters")
    void rulesAreFiltered(String query, List<String> names) throws Exception {
        String body = withRules.handle(get("/api/v1/rules?" + query)).bodyText();
        com.fasterxml.jackson.databind.JsonNode groups = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).get("data").get("groups");
        List<String> shown = new java.util.ArrayList<>();
        groups.forEach(group -> group.get("rules").forEach(rule -> shown.add(rule.get("name").asText())));
        assertThat(shown).isEqualTo(names);
    }

    @Test
    void excludeAlertsDropsTheAlertLists() {
        assertThat(withRules.handle(get("/api/v1/rules?exclude_alerts=true&type=alert")).bodyText()).contains("\"alerts\":null")
                .doesNotContain("activeAt");
    }
}
