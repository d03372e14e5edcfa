package io.promless.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.ports.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScrapeServiceTest {
    private TestTargets targets;
    private RecordingAppendable sink;
    private ScrapeService service;

    @BeforeEach
    void start() throws IOException {
        targets = new TestTargets().route("/metrics", TestTargets.Route.ok("x 1\n"));
        sink = new RecordingAppendable();
        String yaml = """
                global:
                  scrape_interval: 15s
                scrape_configs:
                  - job_name: fast
                    static_configs: [{targets: ['%1$s']}]
                  - job_name: minute
                    scrape_interval: 1m
                    static_configs: [{targets: ['%1$s']}]
                  - job_name: five
                    scrape_interval: 5m
                    static_configs: [{targets: ['%1$s'], labels: {instance: renamed}}]
                """.formatted(targets.address());
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);
        service = new ScrapeService(config, new ScrapeEngine(sink, contentType -> new LineParser()));
    }

    @AfterEach
    void stop() {
        targets.close();
    }

    @Test
    void targetsComeFromStaticConfigsWithGroupLabelsWinning() {
        assertThat(service.targets()).extracting(ScrapeTarget::jobName, ScrapeTarget::instance).containsExactly(
                org.assertj.core.groups.Tuple.tuple("fast", targets.address()),
                org.assertj.core.groups.Tuple.tuple("minute", targets.address()),
                org.assertj.core.groups.Tuple.tuple("five", "renamed"));
        assertThat(service.targets().get(0).url().toString()).isEqualTo("http://" + targets.address() + "/metrics");
    }

    @Test
    void reservedGroupLabelsOverrideSchemePathAndParams() {
        String yaml = """
                scrape_configs:
                  - job_name: probe
                    params: {module: [http_2xx, extra], target: [a]}
                    static_configs:
                      - targets: ['host:9115']
                        labels: {__metrics_path__: /probe, __scheme__: https, __param_target: 'b c', __hidden: x, job: mine}
                """;
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);

        ScrapeTarget target = ScrapeTarget.fromConfig(config).get(0);

        assertThat(target.url().toString()).isEqualTo("https://host:9115/probe?module=http_2xx&module=extra&target=b+c");
        assertThat(target.labels().toString()).isEqualTo(
                io.promless.model.labels.Labels.of("job", "mine", "instance", "host:9115").toString());
    }

    @Test
    void reloadMarksRemovedTargetsStaleAndKeepsTheRest() {
        service.scrapeAll(1_000L);
        String yaml = """
                scrape_configs:
                  - job_name: fast
                    scrape_interval: 15s
                    static_configs: [{targets: ['%s']}]
                """.formatted(targets.address());
        PrometheusConfig smaller = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);

        ScrapeService reloaded = service.reload(smaller, 2_000L);

        assertThat(reloaded.targets()).extracting(ScrapeTarget::jobName).containsExactly("fast");
        assertThat(sink.all()).filteredOn(RecordingAppendable.Appended::isStale)
                .extracting(a -> a.labels().get("job")).containsOnly("minute", "five").hasSize(2 * (1 + 5));
        assertThat(reloaded.scrapeAll(3_000L).get(0).seriesAdded()).isZero();
    }

    @Test
    void scrapeAllAndScrapeJob() {
        assertThat(service.scrapeAll(1_000L)).hasSize(3).allSatisfy(result -> assertThat(result.up()).isTrue());
        assertThat(service.scrapeJob("minute", 2_000L)).singleElement()
                .satisfies(result -> assertThat(result.target().jobName()).isEqualTo("minute"));
        assertThat(service.scrapeJob("unknown", 3_000L)).isEmpty();
    }

    @Test
    void scrapeDueFollowsIntervalBoundariesForAOneMinuteTrigger() {
        Duration trigger = Duration.ofMinutes(1);
        record Case(long now, List<String> jobs) {}
        long fiveMinutes = 300_000L;
        List<Case> cases = List.of(
                new Case(10 * fiveMinutes, List.of("fast", "minute", "five")),
                new Case(10 * fiveMinutes + 60_000, List.of("fast", "minute")),
                new Case(10 * fiveMinutes + 240_000, List.of("fast", "minute")),
                new Case(11 * fiveMinutes + 30_000, List.of("fast", "minute", "five")));
        for (Case c : cases) {
            assertThat(service.scrapeDue(c.now(), trigger)).as("at %d", c.now())
                    .extracting(result -> result.target().jobName()).containsExactlyElementsOf(c.jobs());
        }
    }

    @Test
    void schedulerScrapesEachIntervalsTargetsAtTheirOffsetsInConsecutiveWindows() throws InterruptedException {
        FakeScheduler scheduler = new FakeScheduler();
        List<Long> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
        Sleeper virtual = wallMillis -> {
            waits.add(wallMillis);
            return wallMillis;
        };
        try (ScrapeScheduler loop = new ScrapeScheduler(service, scheduler, virtual)) {
            loop.start();

            assertThat(scheduler.tasks.keySet()).containsExactly(
                    Duration.ofSeconds(15), Duration.ofMinutes(1), Duration.ofMinutes(5));
            // Ticks with jitter: the windows still follow one another exactly.
            scheduler.tasks.get(Duration.ofMinutes(5)).run(42_000L);
            scheduler.tasks.get(Duration.ofMinutes(5)).run(342_007L);
            scheduler.tasks.get(Duration.ofSeconds(15)).run(42_000L);
            scheduler.tasks.get(Duration.ofSeconds(15)).run(57_003L);
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (sink.named("up").size() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        ScrapeTarget five = service.targets().get(2);
        ScrapeTarget fast = service.targets().get(0);
        long fiveOffset = TargetHash.of(five).offsetMillis(300_000, 60_000);
        long fastOffset = TargetHash.of(fast).offsetMillis(15_000, 60_000);
        long firstFive = 42_000 + Math.floorMod(fiveOffset - 42_000, 300_000);
        long firstFast = 42_000 + Math.floorMod(fastOffset - 42_000, 15_000);
        assertThat(sink.named("up")).extracting(a -> a.labels().get("job") + "@" + a.timestamp()).containsExactlyInAnyOrder(
                "five@" + firstFive, "five@" + (firstFive + 300_000), "fast@" + firstFast, "fast@" + (firstFast + 15_000));
        assertThat(waits).contains(firstFive, firstFast + 15_000);
        assertThat(scheduler.closed).isTrue();
        assertThat(ScrapeScheduler.threadsNeeded(service)).isEqualTo(3);
        assertThat(service.targetsByInterval().get(Duration.ofSeconds(15))).hasSize(1);
    }

    /** Records what was scheduled; the test fires ticks by hand. */
    private static final class FakeScheduler implements Scheduler {
        final Map<Duration, ScheduledTask> tasks = new LinkedHashMap<>();
        final List<Duration> order = new ArrayList<>();
        boolean closed;

        @Override
        public void every(Duration interval, ScheduledTask task) {
            tasks.put(interval, task);
            order.add(interval);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
