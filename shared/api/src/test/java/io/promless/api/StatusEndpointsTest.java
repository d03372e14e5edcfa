package io.promless.api;

import static io.promless.api.PrometheusApiTest.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusEndpointsTest {
    private static final Instant STARTED = Instant.parse("2026-11-26T07:00:00.123456789Z");
    private static final Instant LOADED = Instant.parse("2026-11-26T07:00:01Z");
    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00.500Z");
    private static final BuildInfo BUILD =
            new BuildInfo("0.1.0", "c7972fd", "main", "ci@promless", "20261126-07:00:00", "java21.0.5");

    private final AtomicReference<ServerInfo> info = new AtomicReference<>(serverInfo("global:\n  scrape_interval: 15s\n"));
    private final PrometheusApi api = PrometheusApi.builder(
                    new RecordingQueryEngine(), new InMemoryQueryable(List.of()), new FakeSelectorParser(),
                    InstantSource.fixed(NOW))
            .serverInfo(info::get)
            .runtimeFigures(() -> new RuntimeFigures(42, 8, 1L << 32))
            .build();

    private static ServerInfo serverInfo(String yaml) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("web.listen-address", "127.0.0.1:9090");
        flags.put("config.file", "prometheus.yml");
        flags.put("storage.tsdb.retention.time", "15d");
        return new ServerInfo(BUILD, STARTED, "/srv/promless", "host-1", yaml, true, LOADED, flags, "15d");
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("/api/v1/status/buildinfo", "{\"status\":\"success\",\"data\":{\"version\":\"0.1.0\","
                        + "\"revision\":\"c7972fd\",\"branch\":\"main\",\"buildUser\":\"ci@promless\","
                        + "\"buildDate\":\"20261126-07:00:00\",\"goVersion\":\"java21.0.5\"}}"),
                Arguments.of("/api/v1/status/runtimeinfo", "{\"status\":\"success\",\"data\":{"
                        + "\"startTime\":\"2026-11-26T07:00:00.123456789Z\",\"CWD\":\"/srv/promless\","
                        + "\"hostname\":\"host-1\",\"serverTime\":\"2026-11-26T08:00:00.5Z\","
                        + "\"reloadConfigSuccess\":true,\"lastConfigTime\":\"2026-11-26T07:00:01Z\","
                        + "\"corruptionCount\":0,\"goroutineCount\":42,\"GOMAXPROCS\":8,\"GOMEMLIMIT\":4294967296,"
                        + "\"GOGC\":\"\",\"GODEBUG\":\"\",\"storageRetention\":\"15d\"}}"),
                Arguments.of("/api/v1/status/config",
                        "{\"status\":\"success\",\"data\":{\"yaml\":\"global:\\n  scrape_interval: 15s\\n\"}}"),
                Arguments.of("/api/v1/status/flags", "{\"status\":\"success\",\"data\":{"
                        + "\"config.file\":\"prometheus.yml\",\"storage.tsdb.retention.time\":\"15d\","
                        + "\"web.listen-address\":\"127.0.0.1:9090\"}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void answersGetAndPostInPrometheusShape(String path, String body) {
        ApiResponse viaGet = api.handle(get(path));
        ApiResponse viaPost = api.handle(new ApiRequest("POST", path, Map.of(),
                Map.of("Content-Type", List.of("application/x-www-form-urlencoded")), "".getBytes(StandardCharsets.UTF_8)));

        assertThat(viaGet.status()).isEqualTo(200);
        assertThat(viaGet.headers()).containsEntry("Content-Type", "application/json");
        assertThat(viaGet.bodyText()).isEqualTo(body);
        assertThat(viaPost.bodyText()).isEqualTo(body);
    }

    @Test
    void buildInfoCarriesNoFeaturesFieldSoGrafanaAssumesNoMimirRuler() {
        assertThat(api.handle(get("/api/v1/status/buildinfo")).bodyText()).doesNotContain("features");
    }

    @Test
    void showsTheConfigurationOfTheLatestReload() {
        info.set(serverInfo("scrape_configs: []\n"));

        assertThat(api.handle(get("/api/v1/status/config")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":{\"yaml\":\"scrape_configs: []\\n\"}}");
    }

    @Test
    void withoutServerInfoReportsWhatTheJvmKnows() {
        PrometheusApi minimal = new PrometheusApi(new RecordingQueryEngine(), new InMemoryQueryable(List.of()),
                new FakeSelectorParser(), InstantSource.fixed(NOW));

        assertThat(minimal.handle(get("/api/v1/status/buildinfo")).bodyText())
                .startsWith("{\"status\":\"success\",\"data\":{\"version\":\"3.14.0\",\"revision\":\"")
                .contains("\"branch\":\"promless\"")
                .contains("\"goVersion\":\"java" + Runtime.version() + "\"");
        assertThat(minimal.handle(get("/api/v1/status/runtimeinfo")).bodyText())
                .contains("\"startTime\":\"2026-11-26T08:00:00.5Z\"")
                .contains("\"GOMAXPROCS\":" + Runtime.getRuntime().availableProcessors());
        assertThat(minimal.handle(get("/api/v1/status/flags")).bodyText())
                .isEqualTo("{\"status\":\"success\",\"data\":{}}");
    }
}
