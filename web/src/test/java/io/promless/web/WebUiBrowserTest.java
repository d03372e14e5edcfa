package io.promless.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.api.ApiRequest;
import io.promless.api.ApiResponse;
import io.promless.api.BlockStatusView;
import io.promless.api.HeadStatusView;
import io.promless.api.PrometheusApi;
import io.promless.api.RouteTable;
import io.promless.api.TargetsView;
import io.promless.api.http.LocalHttpServer;
import io.promless.model.labels.Labels;
import io.promless.promql.SeriesSelectors;
import io.promless.promql.engine.EngineOptions;
import io.promless.promql.engine.PromqlEngine;
import io.promless.storage.Series;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.InMemoryHeadStore;
import io.promless.tsdb.head.SegmentHeadWriter;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The UI in Debian's headless Chromium, driven by Selenium, against a real Prometheus API over an
 * in-memory head with known series. Screenshots go to target/screenshots; the render time of a
 * 100 series x 11,000 points graph is printed, not asserted.
 */
class WebUiBrowserTest {
    /** The small data set: 2026-01-01T00:00:00Z and an hour of 15 s samples after it. */
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final long STEP_MILLIS = 15_000;
    private static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    private static final List<Labels> REQUESTS = List.of(
            Labels.of("__name__", "http_requests_total", "job", "api", "instance", "a:9100", "path", "/"),
            Labels.of("__name__", "http_requests_total", "job", "api", "instance", "b:9100", "path", HOSTILE),
            Labels.of("__name__", "http_requests_total", "job", "web", "instance", "c:9100", "path", "/index"));
    /** The load: 100 series of 11,000 points, the most one range query may return. */
    private static final Instant LOAD_START = Instant.parse("2026-02-01T00:00:00Z");
    private static final int LOAD_SERIES = 100;
    private static final int LOAD_POINTS = 11_000;

    private static final String RULES_JSON = """
            {"status":"success","data":{"groups":[{"name":"api.rules","file":"/etc/prometheus/api.yml","interval":60,
             "limit":0,"evaluationTime":0.0021,"lastEvaluation":"2026-01-01T00:30:00Z","rules":[
              {"state":"firing","name":"HighErrorRate","query":"rate(http_errors_total[5m]) > 0.1","duration":300,
               "keepFiringFor":0,"labels":{"severity":"page"},
               "annotations":{"summary":"Errors on {{ $labels.instance }}"},
               "alerts":[{"labels":{"alertname":"HighErrorRate","instance":"b:9100","severity":"page"},
                 "annotations":{"summary":"Errors on b:9100 <img src=x onerror=alert(3)>"},
                 "state":"firing","activeAt":"2026-01-01T00:20:00Z","value":"2.5e-01"}],
               "health":"ok","evaluationTime":0.001,"lastEvaluation":"2026-01-01T00:30:00Z","type":"alerting"},
              {"state":"pending","name":"SlowRequests","query":"histogram_quantile(0.9, rate(latency_bucket[5m])) > 1",
               "duration":600,"keepFiringFor":0,"labels":{"severity":"ticket"},"annotations":{},
               "alerts":[{"labels":{"alertname":"SlowRequests","path":"<script>window.injected=1</script>","severity":"ticket"},
                 "annotations":{"description":"<img src=x onerror=window.injected=2>"},
                 "state":"pending","activeAt":"2026-01-01T00:28:00Z","value":"1.7e+00"}],
               "health":"ok","evaluationTime":0.0008,"lastEvaluation":"2026-01-01T00:30:00Z","type":"alerting"},
              {"state":"inactive","name":"InstanceDown","query":"up == 0","duration":60,"keepFiringFor":0,
               "labels":{},"annotations":{},"alerts":[],"health":"ok","evaluationTime":0.0005,
               "lastEvaluation":"2026-01-01T00:30:00Z","type":"alerting"},
              {"name":"job:http_requests:rate5m","query":"sum by (job) (rate(http_requests_total[5m]))","labels":{},
               "health":"err","lastError":"query timed out","evaluationTime":0.0006,
               "lastEvaluation":"2026-01-01T00:30:00Z","type":"recording"}]}]}}
            """;

    private static final String PANEL = "#panels > section.panel";

    private static LocalHttpServer server;
    private static ChromeDriver browser;
    private static String base;
    private static Path screenshots;

    @BeforeAll
    static void start() throws IOException {
        InMemoryHeadStore store = new InMemoryHeadStore();
        HeadOptions options = HeadOptions.defaults();
        SegmentHeadWriter writer = new SegmentHeadWriter(store, options);
        writeRequests(writer);
        writeRecent(writer);
        writeLoad(writer);
        PrometheusApi api = PrometheusApi.builder(new PromqlEngine(EngineOptions.defaults()),
                        new HeadQueryable(store, options), SeriesSelectors::parse, Clock.systemUTC())
                .targets(WebUiBrowserTest::targets)
                .headStatus(() -> new HeadStatusView.HeadStatus(412, START.toEpochMilli(),
                        LOAD_START.toEpochMilli() + (LOAD_POINTS - 1) * STEP_MILLIS, headSeries()))
                // A fake block index: blocks are wired into the API by the composition roots.
                .blockStatus(() -> new BlockStatusView.BlockStatus(12, 3_456_789_012L, START.toEpochMilli(),
                        LOAD_START.toEpochMilli(), 1_234, 98_765_432))
                .build();
        WebAssets assets = new WebAssets();
        // Rule evaluation is not wired into the API yet: a canned answer in Prometheus's shape stands in.
        RouteTable routes = assets.addRoutes(RouteTable.builder()
                        .prefix(PrometheusApi.PREFIX + "/", api)
                        .exact(PrometheusApi.PREFIX + "/rules", request -> json(200, RULES_JSON))
                        .prefix("/broken/", request -> broken(request, assets)))
                .build();
        server = LocalHttpServer.start(new InetSocketAddress("127.0.0.1", 0), routes, 4);
        base = "http://127.0.0.1:" + server.address().getPort() + "/";
        screenshots = Path.of(System.getProperty("promless.screenshots.dir", "target/screenshots"));
        Files.createDirectories(screenshots);
        browser = startChromium();
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void completesAMetricNameFromTheApiThenRunsItAsATableWithEscapedLabels() {
        browser.get(base + "query?g0.moment_input=" + urlTime(START.plus(Duration.ofMinutes(30))));
        WebElement expression = editor();
        expression.sendKeys("http_req");
        // codemirror-promql asks /api/v1/label/__name__/values for the metric names.
        WebElement suggestion = waitFor().until(ExpectedConditions.visibilityOfElementLocated(
                first(".cm-tooltip-autocomplete li[aria-selected=true]")));
        assertThat(suggestion.getText()).startsWith("http_requests_total");
        screenshot("query-completion-metric");
        expression.sendKeys(Keys.ENTER);
        waitFor().until(ExpectedConditions.invisibilityOfElementLocated(first(".cm-tooltip-autocomplete")));
        assertThat(expression.getText()).isEqualTo("http_requests_total");
        expression.sendKeys(Keys.ENTER);

        List<WebElement> rows = waitFor().until(ExpectedConditions.numberOfElementsToBe(first(".results-body tr"), 3));
        List<String> texts = rows.stream().map(WebElement::getText).toList();
        assertThat(texts).anySatisfy(text -> assertThat(text).contains("instance=\"a:9100\"").endsWith("120"));
        // The hostile label is shown as text: nothing ran and no element came from it.
        assertThat(texts).anySatisfy(text -> assertThat(text).contains("<script>alert(1)</script>"));
        assertThat(browser.findElements(By.cssSelector(".results-body script, .results-body img"))).isEmpty();
        assertNoScriptRan();
        assertThat(browser.findElement(first(".stats")).getText()).contains("Result series: 3");
        assertThat(browser.getCurrentUrl()).contains("g0.expr=http_requests_total").contains("g0.tab=table");
        screenshot("query-table");
    }

    @Test
    void completesLabelValuesOfTheMetricAsText() {
        browser.get(base + "query");
        WebElement expression = editor();
        // The editor closes brackets and quotes itself: this leaves http_requests_total{job="a|"}.
        expression.sendKeys("http_requests_total{job=\"a");

        waitFor().until(ExpectedConditions.visibilityOfElementLocated(first(".cm-tooltip-autocomplete li[aria-selected=true]")));
        assertThat(browser.findElements(first(".cm-tooltip-autocomplete li"))).extracting(WebElement::getText)
                .containsExactly("api");
        expression.sendKeys(Keys.ENTER);
        waitFor().until(driver -> expression.getText().equals("http_requests_total{job=\"api\"}"));

        expression.sendKeys(Keys.ARROW_RIGHT, ", path=\"<");
        waitFor().until(driver -> driver.findElements(first(".cm-tooltip-autocomplete li")).stream()
                .anyMatch(item -> item.getText().equals(HOSTILE)));
        assertThat(browser.findElements(By.cssSelector(".cm-tooltip-autocomplete img, .cm-tooltip-autocomplete script"))).isEmpty();
        assertNoScriptRan();
        screenshot("query-completion-label-value");
    }

    /** Token text and the colour the editor gives it (codemirror-promql's highlighting, our colours). */
    static Stream<Arguments> highlightedTokens() {
        return Stream.of(
                Arguments.of("sum", "rgb(161, 18, 138)"),
                Arguments.of("by", "rgb(192, 57, 43)"),
                Arguments.of("job", "rgb(128, 0, 0)"),
                Arguments.of("rate", "rgb(0, 128, 128)"),
                Arguments.of("http_requests_total", "rgb(11, 79, 156)"),
                Arguments.of("path", "rgb(128, 0, 0)"),
                Arguments.of("\"/.*\"", "rgb(163, 21, 21)"),
                Arguments.of("5m", "rgb(9, 136, 90)"),
                Arguments.of("0.5", "rgb(9, 136, 90)"),
                Arguments.of("# note", "rgb(136, 136, 136)"));
    }

    @ParameterizedTest
    @MethodSource("highlightedTokens")
    void highlightsPromqlSyntax(String token, String colour) {
        String expression = "sum by (job) (rate(http_requests_total{path=~\"/.*\"}[5m])) > 0.5 # note";
        if (!browser.getCurrentUrl().contains("g0.expr=" + encode(expression))) {
            browser.get(base + "query?g0.tab=table&g0.expr=" + encode(expression));
        }
        waitFor().until(driver -> editor().getText().equals(expression));

        Object colours = browser.executeScript(
                "const byText = {};"
                        + "document.querySelectorAll('#panels .cm-line span').forEach(span => {"
                        + "  byText[span.textContent] = getComputedStyle(span).color; });"
                        + "return byText;");

        assertThat(colours).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry(token, colour);
    }

    @Test
    void marksSyntaxErrorsAsTheEditorLintsAndShowsTheServerParserError() {
        browser.get(base + "query?g0.tab=table&g0.expr=" + encode("sum(rate(http_requests_total[5m])"));

        WebElement error = waitFor().until(ExpectedConditions.visibilityOfElementLocated(first(".error")));
        assertThat(error.getText()).startsWith("Error executing query:").contains("1:34: parse error");
        // The server parser's position, just past the end here, is marked in the expression.
        assertThat(error.getAttribute("data-offset")).isEqualTo("33");
        waitFor().until(ExpectedConditions.presenceOfElementLocated(first(".cm-editor .cm-lintRange-error")));
        assertThat(browser.findElements(first(".results-body tr"))).isEmpty();
        screenshot("query-error");

        // codemirror-promql's own linter marks errors while typing, before anything runs.
        browser.get(base + "query");
        editor().sendKeys("rate(up[5m]) + ");
        // An error at the end is a point, elsewhere a range.
        waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(PANEL + " .cm-editor .cm-lintRange-error, " + PANEL + " .cm-editor .cm-lintPoint-error")));
        assertThat(editor().getText()).isEqualTo("rate(up[5m]) +"); // getText() trims
        screenshot("query-lint");
        assertThat(browser.findElement(first(".error")).isDisplayed()).isFalse();
    }

    @Test
    void saysSoWhenAQueryReturnsNothing() {
        browser.get(base + "query?g0.tab=table&g0.expr=no_such_metric"
                + "&g1.tab=graph&g1.range_input=1h&g1.expr=no_such_metric");

        waitFor().until(ExpectedConditions.textToBe(By.cssSelector(PANEL + ":nth-child(1) .results-body"), "Empty query result"));
        waitFor().until(ExpectedConditions.textToBe(By.cssSelector(PANEL + ":nth-child(2) .chart"), "Empty query result"));
        assertThat(browser.findElement(By.cssSelector(PANEL + ":nth-child(1) .stats")).getText()).contains("Result series: 0");
    }

    @Test
    void showsApiFailuresAsMessagesOnEveryPage() {
        browser.get(base + "broken/query?g0.tab=table&g0.expr=up");
        WebElement error = waitFor().until(ExpectedConditions.visibilityOfElementLocated(first(".error")));
        assertThat(error.getText()).isEqualTo("Error executing query: HTTP 502: upstream <b>timed</b> out");

        browser.get(base + "broken/targets");
        WebElement targetsError = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(targetsError.getText()).isEqualTo("Error loading targets: <b>discovery</b> is unavailable");

        browser.get(base + "broken/alerts");
        assertThat(waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("error"))).getText())
                .isEqualTo("Error loading alerting rules: <b>discovery</b> is unavailable");

        browser.get(base + "broken/status");
        waitFor().until(driver -> driver.findElements(By.cssSelector("#sections .section-body")).stream()
                .noneMatch(body -> body.getText().equals("Loading…")));
        assertThat(browser.findElement(By.cssSelector("section[data-endpoint='api/v1/status/tsdb']")).getText())
                .contains("<b>discovery</b> is unavailable");
        assertThat(browser.findElements(By.cssSelector("main b"))).isEmpty();
        assertNoScriptRan();
        screenshot("status-api-errors");
    }

    @Test
    void switchesToTheGraphAndPlotsEverySeriesThenReopensTheSharedLink() {
        browser.get(base + "query?g0.expr=" + encode("rate(http_requests_total[1m])") + "&g0.tab=table&g0.range_input=1h"
                + "&g0.end_input=" + urlTime(START.plus(Duration.ofHours(1)))
                + "&g0.moment_input=" + urlTime(START.plus(Duration.ofMinutes(30))));
        waitFor().until(ExpectedConditions.numberOfElementsToBe(first(".results-body tr"), 3));

        browser.findElement(first(".tab[data-tab=graph]")).click();

        assertPlottedSeries(3);
        assertThat(browser.findElement(first(".stats")).getText()).contains("Resolution: 14s").contains("Result series: 3");
        // Hovering the plot shows each series' value at that time in the legend.
        WebElement plot = browser.findElement(first(".chart .u-over"));
        new Actions(browser).moveToElement(plot, plot.getSize().getWidth() / 4, 10).perform();
        waitFor().until(driver -> driver.findElements(first(".u-legend tr.u-series .u-value")).stream()
                .skip(1).allMatch(value -> value.getText().matches("[0-9.]+")));
        String shared = browser.getCurrentUrl();
        assertThat(shared).contains("g0.tab=graph");
        screenshot("query-graph");

        browser.findElement(first(".stacked")).click();
        waitFor().until(ExpectedConditions.urlContains("g0.stacked=1"));
        assertPlottedSeries(3);
        // Stacked, the top series' value is the sum of all three: 0.067 + 0.267 + 0.133.
        WebElement stackedPlot = browser.findElement(first(".chart .u-over"));
        new Actions(browser).moveToElement(stackedPlot, stackedPlot.getSize().getWidth() / 4, 10).perform();
        waitFor().until(ExpectedConditions.textToBe(first(".u-legend tr.u-series:nth-child(4) .u-value"), "0.467"));

        browser.get(base + "targets");
        browser.get(shared);
        assertPlottedSeries(3);
        assertThat(editor().getText()).isEqualTo("rate(http_requests_total[1m])");
    }

    @Test
    void showsTargetsGroupedByJobWithHealthAndErrors() {
        browser.get(base + "targets");

        List<WebElement> pools = waitFor().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("section.pool"), 2));
        assertThat(pools).extracting(pool -> pool.getAttribute("data-pool")).containsExactly("api", "node");
        assertThat(pools.get(0).findElement(By.tagName("h2")).getText()).isEqualTo("api (1/2 up)");
        List<WebElement> apiTargets = pools.get(0).findElements(By.cssSelector("tr.target"));
        assertThat(apiTargets).hasSize(2);
        assertThat(apiTargets.get(1).getText()).contains("DOWN").contains("connection refused").contains(HOSTILE);
        assertThat(browser.findElements(By.cssSelector("#pools script, #pools img"))).isEmpty();
        assertNoScriptRan();
        screenshot("targets");
    }

    @Test
    void showsAlertingRulesWithTheirActiveAlertsAndFiltersByState() {
        browser.get(base + "alerts");

        List<WebElement> rules = waitFor().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("details.alert-rule"), 3));
        WebElement firing = rules.get(0);
        assertThat(firing.getAttribute("data-rule")).isEqualTo("HighErrorRate");
        assertThat(firing.findElement(By.tagName("summary")).getText()).isEqualTo("FIRING HighErrorRate (1 active)");
        WebElement alert = firing.findElement(By.cssSelector("tr.alert"));
        assertThat(alert.getText()).contains("instance=\"b:9100\"").contains("Errors on b:9100 <img src=x onerror=alert(3)>")
                .contains("FIRING").contains("2026-01-01 00:20:00 UTC").contains("2.5e-01");
        assertThat(browser.findElements(By.cssSelector("#groups img, #groups script"))).isEmpty();
        assertThat(firing.findElement(By.cssSelector("a.expression-link")).getAttribute("href"))
                .contains("query?g0.expr=rate%28http_errors_total%5B5m%5D%29+%3E+0.1");
        WebElement pending = rules.get(1);
        assertThat(pending.findElement(By.tagName("summary")).getText()).isEqualTo("PENDING SlowRequests (1 active)");
        assertThat(pending.findElement(By.cssSelector("tr.alert")).getText())
                .contains("path=\"<script>window.injected=1</script>\"").contains("<img src=x onerror=window.injected=2>")
                .contains("PENDING").contains("2026-01-01 00:28:00 UTC").contains("1.7e+00");
        assertThat(pending.getText()).contains("for").contains("600s").contains("severity=\"ticket\"");
        screenshot("alerts");

        browser.findElement(By.cssSelector("#filters input[data-state=inactive]")).click();

        assertThat(browser.findElements(By.cssSelector("details.alert-rule"))).extracting(rule -> rule.getAttribute("data-rule"))
                .containsExactly("HighErrorRate", "SlowRequests");
        assertThat(browser.findElement(By.id("filters")).getText()).contains("Inactive (1)").contains("Pending (1)").contains("Firing (1)");
        assertNoScriptRan();
    }

    @Test
    void showsRuleGroupsWithHealthAndErrors() {
        browser.get(base + "rules");

        List<WebElement> rules = waitFor().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.rule"), 4));
        assertThat(browser.findElement(By.cssSelector("section.rule-group h2")).getText())
                .isEqualTo("api.rules /etc/prometheus/api.yml");
        assertThat(browser.findElement(By.cssSelector("section.rule-group")).getText())
                .contains("last evaluation 2026-01-01 00:30:00 UTC").contains("took 2.1ms");
        assertThat(rules.get(3).getText()).contains("record: job:http_requests:rate5m").contains("ERR").contains("query timed out");
        assertThat(rules.get(0).getText()).contains("alert: HighErrorRate").contains("OK");
        screenshot("rules");
    }

    @Test
    void showsDiscoveredLabelsBesideTargetLabelsAndDroppedTargets() {
        browser.get(base + "service-discovery");

        List<WebElement> pools = waitFor().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("section.pool"), 2));
        assertThat(pools.get(0).findElement(By.tagName("h2")).getText()).isEqualTo("api (2 / 3 active targets)");
        List<WebElement> rows = pools.get(0).findElements(By.cssSelector("tbody tr"));
        assertThat(rows).extracting(row -> row.getAttribute("class")).containsExactly("kept", "kept", "dropped");
        assertThat(rows.get(0).getText()).contains("__address__=\"a:9100\"").contains("job=\"api\"");
        assertThat(rows.get(2).getText()).contains("__meta_env=\"<b>staging</b>\"").contains("DROPPED");
        assertThat(browser.findElements(By.cssSelector("#pools b"))).isEmpty();
        screenshot("service-discovery");
    }

    @Test
    void showsBuildInformationFlagsAndConfiguration() {
        browser.get(base + "status");

        waitFor().until(driver -> driver.findElements(By.cssSelector("#sections .section-body")).stream()
                .noneMatch(body -> body.getText().equals("Loading…")));
        String build = browser.findElement(By.cssSelector("section[data-endpoint='api/v1/status/buildinfo']")).getText();
        assertThat(build).contains("version");
        String tsdb = browser.findElement(By.cssSelector("section[data-endpoint='api/v1/status/tsdb']")).getText();
        assertThat(tsdb).contains("Number of series 103").contains("Number of chunks 412")
                .contains("Current min time 2026-01-01 00:00:00 UTC").contains("load_test 100");
        String blocks = browser.findElement(By.cssSelector("section[data-endpoint='api/v1/status/tsdb'] .block-stats")).getText();
        assertThat(blocks).contains("Number of blocks 12").contains("Size 3.2 GiB").contains("Min time 2026-01-01 00:00:00 UTC")
                .contains("Max time 2026-02-01 00:00:00 UTC").contains("Series (summed over blocks) 1234").contains("Samples 98765432");
        screenshot("status");
        browser.executeScript("document.querySelector(\"section[data-endpoint='api/v1/status/tsdb']\").scrollIntoView()");
        screenshot("status-tsdb");
    }

    @Test
    void printsHowLongAGraphOf100SeriesBy11000PointsTakesToRender() {
        Instant end = LOAD_START.plusMillis((LOAD_POINTS - 1) * STEP_MILLIS);
        String range = (LOAD_POINTS - 1) * STEP_MILLIS / 1000 + "s";
        long started = System.nanoTime();
        browser.get(base + "query?g0.expr=load_test&g0.tab=graph&g0.range_input=" + range
                + "&g0.end_input=" + urlTime(end) + "&g0.step_input=15s");

        WebElement chart = new WebDriverWait(browser, Duration.ofSeconds(120)).until(driver -> {
            WebElement element = driver.findElement(first(".chart"));
            return element.getAttribute("data-render-ms") != null ? element : null;
        });
        long totalMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(chart.getAttribute("data-series")).isEqualTo(String.valueOf(LOAD_SERIES));
        @SuppressWarnings("unchecked")
        Map<String, Object> timing = (Map<String, Object>) browser.executeScript(
                "const entry = performance.getEntriesByType('resource').filter(e => e.name.includes('query_range')).pop();"
                        + "return {server: entry.responseStart - entry.requestStart, download: entry.responseEnd - entry.responseStart,"
                        + " bytes: entry.encodedBodySize, decoded: entry.decodedBodySize};");
        System.out.printf("web UI render: %d series x %d points drawn in %s ms (of which aligning the data %s ms; whole page: %d ms; "
                        + "API answered in %.0f ms, %.1f MB JSON (%.1f MB on the wire) downloaded in %.0f ms)%n",
                LOAD_SERIES, LOAD_POINTS, chart.getAttribute("data-render-ms"), chart.getAttribute("data-align-ms"), totalMillis,
                ((Number) timing.get("server")).doubleValue(), ((Number) timing.get("decoded")).doubleValue() / 1e6,
                ((Number) timing.get("bytes")).doubleValue() / 1e6, ((Number) timing.get("download")).doubleValue());
        screenshot("graph-100x11000");
    }

    @Test
    void keepsSeveralPanelsInTheUrl() {
        browser.get(base + "query?g0.expr=" + encode("sum(http_requests_total)") + "&g0.tab=table"
                + "&g0.moment_input=" + urlTime(START.plus(Duration.ofMinutes(30)))
                + "&g1.expr=" + encode("http_requests_total{job=\"api\"}") + "&g1.tab=graph&g1.range_input=30m"
                + "&g1.end_input=" + urlTime(START.plus(Duration.ofMinutes(45))));

        waitFor().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(PANEL + ":nth-child(1) .results-body tr"), 1));
        assertThat(browser.findElement(By.cssSelector(PANEL + ":nth-child(1) .results-body")).getText()).endsWith("840");
        WebElement second = waitFor().until(driver -> {
            WebElement chart = driver.findElement(By.cssSelector(PANEL + ":nth-child(2) .chart"));
            return chart.getAttribute("data-render-ms") != null ? chart : null;
        });
        assertThat(second.getAttribute("data-series")).isEqualTo("2");

        browser.findElement(By.id("add-panel")).click();
        List<WebElement> panels = browser.findElements(By.cssSelector(PANEL));
        assertThat(panels).hasSize(3);
        assertThat(browser.getCurrentUrl()).contains("g2.expr=");
        screenshot("query-panels");

        panels.get(0).findElement(By.cssSelector(".remove")).click();
        assertThat(browser.findElements(By.cssSelector(PANEL))).hasSize(2);
        assertThat(browser.getCurrentUrl()).contains("g0.expr=http_requests_total").doesNotContain("g2.");
        assertThat(browser.findElement(By.cssSelector(PANEL + ":nth-child(1) .chart")).getAttribute("data-series")).isEqualTo("2");
    }

    /** The first panel's CodeMirror content element, once the editor is there. */
    private static WebElement editor() {
        return waitFor().until(ExpectedConditions.elementToBeClickable(first(".cm-content")));
    }

    private static void assertNoScriptRan() {
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.executeScript("return window.injected === undefined")).isEqualTo(true);
    }

    private static By first(String selector) {
        return By.cssSelector(PANEL + ":nth-child(1) " + selector);
    }

    private static void assertPlottedSeries(int expected) {
        WebElement chart = waitFor().until(driver -> {
            WebElement element = driver.findElement(first(".chart"));
            return element.getAttribute("data-render-ms") != null ? element : null;
        });
        assertThat(chart.getAttribute("data-series")).isEqualTo(String.valueOf(expected));
        // uPlot's legend has one row per plotted series and one for the time axis.
        assertThat(chart.findElements(By.cssSelector(".u-legend tr.u-series"))).hasSize(expected + 1);
        assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
    }

    private static ChromeDriver startChromium() throws IOException {
        Path profile = Files.createTempDirectory("promless-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File(System.getenv().getOrDefault("PROMLESS_CHROMIUM", "/usr/bin/chromium")));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getenv().getOrDefault("PROMLESS_CHROMEDRIVER", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private static WebDriverWait waitFor() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    private static void screenshot(String name) {
        try {
            Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counters growing by 2 per sample: 120 at minute 30 (instance a), 4x that for b, 2x for c. */
    private static void writeRequests(SegmentHeadWriter writer) {
        int samples = (int) (Duration.ofHours(1).toMillis() / STEP_MILLIS) + 1;
        for (int s = 0; s < REQUESTS.size(); s++) {
            long[] timestamps = new long[samples];
            double[] values = new double[samples];
            for (int i = 0; i < samples; i++) {
                timestamps[i] = START.toEpochMilli() + i * STEP_MILLIS;
                values[i] = i * 1.0 * (s == 0 ? 1 : s == 1 ? 4 : 2);
            }
            writer.write("requests-" + s, List.of(new Series(REQUESTS.get(s), timestamps, values)));
        }
    }

    /** One sample of each request series a minute ago: completion looks at the last 12 hours, as Prometheus's UI does. */
    private static void writeRecent(SegmentHeadWriter writer) {
        long recent = Instant.now().minusSeconds(60).toEpochMilli();
        writer.write("recent", REQUESTS.stream()
                .map(labels -> new Series(labels, new long[] {recent}, new double[] {1}))
                .toList());
    }

    private static void writeLoad(SegmentHeadWriter writer) {
        List<Series> batch = new ArrayList<>();
        for (int s = 0; s < LOAD_SERIES; s++) {
            long[] timestamps = new long[LOAD_POINTS];
            double[] values = new double[LOAD_POINTS];
            for (int i = 0; i < LOAD_POINTS; i++) {
                timestamps[i] = LOAD_START.toEpochMilli() + i * STEP_MILLIS;
                values[i] = s * 10 + 5 * Math.sin((i + s * 37) / 200.0);
            }
            batch.add(new Series(Labels.of("__name__", "load_test", "series", String.format("%03d", s)), timestamps, values));
        }
        writer.write("load", batch);
    }

    private static TargetsView.Snapshot targets() {
        Instant lastScrape = Instant.now().minusSeconds(3);
        return new TargetsView.Snapshot(List.of(
                target("api", "http://a:9100/metrics", Labels.of("instance", "a:9100", "job", "api"), "", TargetsView.Health.UP, lastScrape),
                target("api", "http://b:9100/metrics", Labels.of("instance", "b:9100", "job", "api", "team", HOSTILE),
                        "Get \"http://b:9100/metrics\": dial tcp: connection refused", TargetsView.Health.DOWN, lastScrape),
                target("node", "http://localhost:9100/metrics", Labels.of("instance", "localhost:9100", "job", "node"), "",
                        TargetsView.Health.UP, lastScrape)),
                List.of(new TargetsView.DroppedTarget(Labels.of("__address__", "d:9100", "__meta_env", "<b>staging</b>"), "api")));
    }

    private static List<Labels> headSeries() {
        List<Labels> series = new ArrayList<>(REQUESTS);
        for (int s = 0; s < LOAD_SERIES; s++) {
            series.add(Labels.of("__name__", "load_test", "series", String.format("%03d", s)));
        }
        return series;
    }

    private static TargetsView.ActiveTarget target(String pool, String url, Labels labels, String error,
            TargetsView.Health health, Instant lastScrape) {
        Labels discovered = Labels.of("__address__", labels.get("instance"), "__scheme__", "http");
        return new TargetsView.ActiveTarget(discovered, labels, pool, url, url, error, lastScrape,
                Duration.ofMillis(12), health, Duration.ofSeconds(15), Duration.ofSeconds(10));
    }

    private static ApiResponse json(int status, String body) {
        return new ApiResponse(status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The UI below /broken/, over an API that fails: queries get a gateway's HTML-ish 502, every
     * other endpoint Prometheus's error JSON with markup in the message.
     */
    private static ApiResponse broken(ApiRequest request, WebAssets assets) {
        String path = request.path().substring("/broken".length());
        if (path.startsWith(PrometheusApi.PREFIX + "/query")) {
            return new ApiResponse(502, Map.of("Content-Type", "text/plain"),
                    "upstream <b>timed</b> out".getBytes(StandardCharsets.UTF_8));
        }
        if (path.startsWith(PrometheusApi.PREFIX + "/")) {
            return json(503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"<b>discovery</b> is unavailable\"}");
        }
        return assets.handle(new ApiRequest(request.method(), path, request.queryParameters(), request.headers(), request.body()));
    }

    private static String urlTime(Instant time) {
        return encode(time.toString().substring(0, 19).replace('T', ' '));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
