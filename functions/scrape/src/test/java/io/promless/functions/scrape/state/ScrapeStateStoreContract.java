package io.promless.functions.scrape.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.exposition.ExpositionFormat;
import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import io.promless.model.labels.Labels;
import io.promless.scrape.ScrapeEngine;
import io.promless.scrape.ScrapeResult;
import io.promless.scrape.ScrapeService;
import io.promless.scrape.state.HealthGroup;
import io.promless.scrape.state.ScrapeStateStore;
import io.promless.scrape.state.TargetCatalog;
import io.promless.scrape.state.TargetHealth;
import io.promless.scrape.state.TargetSeriesState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ScrapeStateStore} shares: what it stores, and that two scrape
 * engines standing for two Lambda containers, sharing nothing but the store, write exactly
 * Prometheus's staleness markers when they take turns scraping the same targets. Subclasses
 * return a fresh, empty store per test.
 */
public abstract class ScrapeStateStoreContract {
    private static final long T0 = 1_700_000_000_000L;
    private static final long MINUTE = 60_000L;

    private ScrapeStateStore store;
    private StateTestTargets targets;
    private RecordingSink sink;

    protected abstract ScrapeStateStore createStore();

    @BeforeEach
    void setUp() {
        store = createStore();
        targets = new StateTestTargets();
        sink = new RecordingSink();
    }

    @AfterEach
    void tearDown() {
        targets.close();
    }

    // ---- the store itself

    @Test
    void targetStateRoundTripsAndDeletes() {
        TargetSeriesState state = new TargetSeriesState("job\u0000http://h:1/metrics\u0000{}", Labels.of("job", "j", "instance", "h:1"),
                List.of(Labels.of("__name__", "b", "job", "j"), Labels.of("__name__", "a", "job", "j", "x", "é\n\"")),
                List.of(new MetricMetadata("a", MetricType.COUNTER, "help with \"quotes\"", "seconds")));
        assertThat(store.loadTarget(state.targetId())).isEmpty();

        store.saveTarget(state);

        assertThat(store.loadTarget(state.targetId())).contains(state);
        assertThat(store.loadTarget(state.targetId()).orElseThrow().digest()).isEqualTo(state.digest());
        store.deleteTarget(state.targetId());
        store.deleteTarget(state.targetId());
        assertThat(store.loadTarget(state.targetId())).isEmpty();
    }

    @Test
    void groupsRoundTripReplaceAndListInNameOrder() {
        TargetHealth up = new TargetHealth("0123456789abcdef0123456789abcdef", "d1", T0, 1_500_000, true, "", 10, 9);
        TargetHealth down = new TargetHealth("fedcba9876543210fedcba9876543210", "", T0, 7, false, "server returned HTTP status 500", 0, 0);
        store.saveGroup(new HealthGroup("shard-1", 1, Map.of(up.targetId(), up)));
        store.saveGroup(new HealthGroup("shard-0", 1, Map.of(up.targetId(), up)));
        store.saveGroup(new HealthGroup("shard-1", 2, Map.of(up.targetId(), up, down.targetId(), down)));

        assertThat(store.loadGroup("shard-1")).contains(new HealthGroup("shard-1", 2, Map.of(up.targetId(), up, down.targetId(), down)));
        assertThat(store.loadGroup("shard-9")).isEmpty();
        assertThat(store.loadAllGroups()).extracting(HealthGroup::group).containsExactly("shard-0", "shard-1");
    }

    @Test
    void catalogRoundTrips() {
        assertThat(store.loadCatalog()).isEmpty();
        TargetCatalog catalog = new TargetCatalog(List.of("b", "a"),
                List.of(new TargetCatalog.ActiveTarget("0123456789abcdef0123456789abcdef", "a", "http://h:1/metrics",
                        Labels.of("__address__", "h:1", "__meta_x", "y"), Labels.of("instance", "h:1", "job", "a"),
                        Duration.ofSeconds(15), Duration.ofSeconds(10))),
                List.of(new TargetCatalog.DroppedTarget("b", Labels.of("__address__", "h:2"))));

        store.saveCatalog(catalog);

        assertThat(store.loadCatalog()).contains(catalog);
        assertThat(store.loadCatalog().orElseThrow().scrapePools()).containsExactly("a", "b");
    }

    // ---- two containers taking turns

    private String config(boolean trackTimestamps, String... jobs) {
        StringBuilder yaml = new StringBuilder("scrape_configs:\n");
        for (String job : jobs) {
            yaml.append("""
                      - job_name: %s
                        metrics_path: /%s
                        scrape_interval: 1m
                        scrape_timeout: 2s
                        track_timestamps_staleness: %s
                        static_configs:
                          - targets: ['%s']
                    """.formatted(job, job, trackTimestamps, targets.address()));
        }
        return yaml.toString();
    }

    /** A container: its own engine and service over the shared store. */
    private ScrapeService container(String yaml) {
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);
        ScrapeEngine engine = new ScrapeEngine(sink, contentType -> ExpositionFormat.fromContentType(contentType).parser(),
                System::nanoTime, store, target -> ScrapeEngine.DEFAULT_STATE_GROUP);
        return new ScrapeService(config, engine);
    }

    @Test
    void seriesThatVanishWhileAnotherContainerScrapedGetExactlyOneMarker() {
        String yaml = config(false, "app");
        ScrapeService first = container(yaml);
        ScrapeService second = container(yaml);

        targets.serve("/app", "a 1\nb 1\nc 1\n");
        first.scrapeAll(T0);
        targets.serve("/app", "a 2\nb 2\n");
        second.scrapeAll(T0 + MINUTE);
        targets.serve("/app", "a 3\nd 3\n");
        first.scrapeAll(T0 + 2 * MINUTE);
        first.scrapeAll(T0 + 3 * MINUTE);

        assertThat(sink.staleAt(T0)).isEmpty();
        assertThat(sink.staleAt(T0 + MINUTE)).containsExactly("c");
        // The first container's cache said {a, b, c}; the store said {a, b}: only b is stale now.
        assertThat(sink.staleAt(T0 + 2 * MINUTE)).containsExactly("b");
        assertThat(sink.staleAt(T0 + 3 * MINUTE)).isEmpty();
    }

    @Test
    void aColdContainerContinuesWhereTheLastOneStopped() {
        String yaml = config(false, "app");
        targets.serve("/app", "a 1\nb 1\n");
        container(yaml).scrapeAll(T0);

        targets.serve("/app", "a 2\n");
        ScrapeService cold = container(yaml);
        List<ScrapeResult> results = cold.scrapeAll(T0 + MINUTE);

        assertThat(results).singleElement().satisfies(result -> assertThat(result.staleMarkers()).isEqualTo(1));
        assertThat(sink.staleAt(T0 + MINUTE)).containsExactly("b");
    }

    @Test
    void aFailedScrapeMakesEverySeriesOfThePreviousScrapeStale() {
        String yaml = config(false, "app");
        ScrapeService first = container(yaml);
        ScrapeService second = container(yaml);

        targets.serve("/app", "a 1\nb 1\n");
        first.scrapeAll(T0);
        targets.serve("/app", null);
        List<ScrapeResult> failed = second.scrapeAll(T0 + MINUTE);
        targets.serve("/app", "a 3\n");
        first.scrapeAll(T0 + 2 * MINUTE);

        assertThat(failed).singleElement().satisfies(result -> {
            assertThat(result.up()).isFalse();
            assertThat(result.error()).contains("server returned HTTP status 500");
        });
        assertThat(sink.staleAt(T0 + MINUTE)).containsExactly("a", "b");
        // After the failure nothing was left to go stale; a is back.
        assertThat(sink.staleAt(T0 + 2 * MINUTE)).isEmpty();
    }

    @Test
    void aTargetThatLeavesDiscoveryGetsMarkersOnceFromWhicheverContainerSeesItFirst() {
        targets.serve("/gone", "g 1\n");
        targets.serve("/kept", "k 1\n");
        ScrapeService first = container(config(false, "gone", "kept"));
        first.scrapeAll(T0);

        ScrapeService second = container(config(false, "kept"));
        second.scrapeAll(T0 + MINUTE);
        long repeated = first.reload(second.config(), T0 + 2 * MINUTE).engine().staleMarkersAppended();

        assertThat(sink.staleAt(T0 + MINUTE)).containsExactly("g", "scrape_duration_seconds", "scrape_samples_post_metric_relabeling",
                "scrape_samples_scraped", "scrape_series_added", "up");
        assertThat(sink.at(T0 + MINUTE)).filteredOn(sample -> Double.isNaN(sample.value()))
                .allSatisfy(sample -> assertThat(sample.labels().get("job")).isEqualTo("gone"));
        assertThat(sink.staleAt(T0 + 2 * MINUTE)).as("the first container must not end the target again").isEmpty();
        assertThat(repeated).isZero();
    }

    @Test
    void seriesWithExplicitTimestampsGoStaleOnlyWhenTracked() {
        for (boolean track : new boolean[] {false, true}) {
            String job = track ? "tracked" : "untracked";
            String yaml = config(track, job);
            ScrapeService first = container(yaml);
            ScrapeService second = container(yaml);
            targets.serve("/" + job, "stamped 1 " + (T0 - 5_000) + "\nplain 1\n");
            first.scrapeAll(T0);
            targets.serve("/" + job, "other 1\n");
            second.scrapeAll(T0 + MINUTE);

            List<String> expected = track ? List.of("plain", "stamped") : List.of("plain");
            assertThat(sink.at(T0 + MINUTE)).as(job)
                    .filteredOn(sample -> Double.isNaN(sample.value()) && sample.labels().get("job").equals(job))
                    .extracting(sample -> sample.labels().metricName())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aWarmContainerReadsAndWritesOneGroupPerRoundWhenNothingChanged() {
        String yaml = config(false, "a", "b", "c");
        for (String job : List.of("a", "b", "c")) {
            targets.serve("/" + job, "x 1\ny 1\n");
        }
        ScrapeService warm = container(yaml);
        warm.scrapeAll(T0);
        long reads = warm.engine().stateReads();
        long writes = warm.engine().stateWrites();

        warm.scrapeAll(T0 + MINUTE);

        assertThat(warm.engine().stateReads() - reads).as("reads").isEqualTo(1);
        assertThat(warm.engine().stateWrites() - writes).as("writes").isEqualTo(1);
        assertThat(warm.engine().stateFailures()).isZero();
        // A cold container reads the group and each target once, and writes only the group.
        ScrapeService cold = container(yaml);
        cold.scrapeAll(T0 + 2 * MINUTE);
        assertThat(cold.engine().stateReads()).isEqualTo(1 + 3);
        assertThat(cold.engine().stateWrites()).isEqualTo(1);
    }
}
