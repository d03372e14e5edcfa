package io.promless.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sub-minute scrape rounds inside one once-a-minute invocation, on a virtual clock. */
class ScrapeRoundsTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final long WINDOW = 1_700_000_040_000L; // a minute boundary
    private static final ConfigLoader LOADER = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER);

    private TestTargets server;
    private RecordingAppendable sink;
    private ScrapeEngine engine;

    @BeforeEach
    void start() throws java.io.IOException {
        server = new TestTargets().route("/metrics", TestTargets.Route.ok("x 1\n"));
        sink = new RecordingAppendable();
        engine = new ScrapeEngine(sink, contentType -> new LineParser(), () -> 0L);
    }

    @AfterEach
    void stop() {
        engine.close();
        server.close();
    }

    /** {@code count} targets of one job with this interval, all served by the local server. */
    private List<ScrapeTarget> targets(String interval, int count) {
        String addresses = IntStream.range(0, count).mapToObj(i -> "'" + server.address() + "'").distinct()
                .collect(Collectors.joining(", "));
        StringBuilder yaml = new StringBuilder("scrape_configs:\n");
        yaml.append("  - job_name: every-").append(interval).append("\n")
                .append("    scrape_interval: ").append(interval).append("\n")
                .append("    scrape_timeout: 1s\n")
                .append("    static_configs:\n");
        for (int i = 0; i < count; i++) {
            yaml.append("      - {targets: [").append(addresses).append("], labels: {replica: '").append(i).append("'}}\n");
        }
        PrometheusConfig config = LOADER.parse(yaml.toString(), null);
        return ScrapeTarget.fromConfig(config);
    }

    /** Scrape instants of each target over {@code windows} consecutive windows. */
    private static Map<ScrapeTarget, List<Long>> instants(List<ScrapeTarget> targets, int windows) {
        Map<ScrapeTarget, List<Long>> byTarget = new java.util.LinkedHashMap<>();
        for (int w = 0; w < windows; w++) {
            for (ScrapeRound round : ScrapeRounds.plan(targets, WINDOW + w * 60_000L, MINUTE)) {
                assertThat(round.timeMillis()).isBetween(WINDOW + w * 60_000L, WINDOW + w * 60_000L + 59_999);
                round.targets().forEach(target -> byTarget.computeIfAbsent(target, key -> new ArrayList<>()).add(round.timeMillis()));
            }
        }
        return byTarget;
    }

    @Test
    void eachTargetIsScrapedEveryIntervalAtItsOffsetAcrossInvocations() {
        record Case(String interval, long intervalMillis, int windows, int expectedScrapes) {}
        List<Case> cases = List.of(
                new Case("15s", 15_000, 3, 12),
                new Case("10s", 10_000, 2, 12),
                new Case("45s", 45_000, 9, 12), // not a divisor of the minute: 1 or 2 per window
                new Case("1m", 60_000, 4, 4),
                new Case("5m", 300_000, 10, 2));
        for (Case c : cases) {
            List<ScrapeTarget> targets = targets(c.interval(), 20);
            Map<ScrapeTarget, List<Long>> instants = instants(targets, c.windows());
            assertThat(instants).as(c.interval()).hasSize(targets.size());
            instants.forEach((target, times) -> {
                long offset = TargetHash.of(target).offsetMillis(c.intervalMillis(), 60_000);
                assertThat(times).as("%s %s", c.interval(), target.labels()).hasSize(c.expectedScrapes())
                        .allSatisfy(time -> assertThat(Math.floorMod(time - offset, c.intervalMillis())).isZero());
                for (int i = 1; i < times.size(); i++) {
                    assertThat(times.get(i) - times.get(i - 1)).isEqualTo(c.intervalMillis());
                }
            });
        }
    }

    @Test
    void subMinuteOffsetsSpreadOverTheIntervalAndLongIntervalsStartInvocations() {
        Map<ScrapeTarget, List<Long>> fast = instants(targets("15s", 200), 1);
        List<Long> firsts = fast.values().stream().map(times -> times.get(0) - WINDOW).sorted().toList();
        // 200 offsets over 15 s: no crowding at the start, the whole interval used.
        assertThat(firsts.get(0)).isLessThan(1_000);
        assertThat(firsts.get(firsts.size() - 1)).isGreaterThan(14_000);
        assertThat(firsts.stream().filter(offset -> offset < 7_500).count()).isBetween(70L, 130L);

        Map<ScrapeTarget, List<Long>> slow = instants(targets("5m", 200), 5);
        Map<Long, Long> perWindow = new TreeMap<>();
        slow.values().forEach(times -> times.forEach(time -> perWindow.merge(time, 1L, Long::sum)));
        // Every 5-minute target falls at some minute's start, spread over the five minutes.
        assertThat(perWindow.keySet()).containsExactly(WINDOW, WINDOW + 60_000, WINDOW + 120_000, WINDOW + 180_000, WINDOW + 240_000);
        assertThat(perWindow.values()).allSatisfy(count -> assertThat(count).isBetween(20L, 60L));
    }

    @Test
    void roundsRunAtTheirTimesAndStampSamplesWithThem() {
        List<ScrapeTarget> targets = targets("15s", 3);
        VirtualClock clock = new VirtualClock(WINDOW + 200);
        List<ScrapeRound> rounds = ScrapeRounds.plan(targets, WINDOW, MINUTE);

        ScrapeRounds.Outcome outcome = ScrapeRounds.run(engine, rounds, WINDOW + 90_000, clock);

        assertThat(outcome.roundsRun()).isEqualTo(rounds.size());
        assertThat(outcome.roundsSkipped()).isZero();
        assertThat(outcome.results()).hasSize(12).allSatisfy(result -> assertThat(result.up()).isTrue());
        assertThat(clock.waits).containsExactlyElementsOf(rounds.stream().map(ScrapeRound::timeMillis).toList());
        List<Long> stamped = sink.named("x").stream().map(RecordingAppendable.Appended::timestamp).sorted().toList();
        assertThat(stamped).containsExactlyElementsOf(rounds.stream()
                .flatMap(round -> round.targets().stream().map(target -> round.timeMillis())).sorted().toList());
    }

    @Test
    void roundsThatCannotFinishBeforeTheDeadlineAreSkipped() {
        List<ScrapeTarget> targets = targets("15s", 1);
        List<ScrapeRound> rounds = ScrapeRounds.plan(targets, WINDOW, MINUTE);
        long third = rounds.get(2).timeMillis();

        // The third round plus its 1 s timeout ends after the deadline: it and the fourth are skipped.
        ScrapeRounds.Outcome outcome = ScrapeRounds.run(engine, rounds, third + 999, new VirtualClock(WINDOW));

        assertThat(outcome.roundsRun()).isEqualTo(2);
        assertThat(outcome.roundsSkipped()).isEqualTo(2);
        assertThat(outcome.scrapesSkipped()).isEqualTo(2);
        assertThat(sink.named("up")).extracting(RecordingAppendable.Appended::timestamp)
                .containsExactlyInAnyOrder(rounds.get(0).timeMillis(), rounds.get(1).timeMillis());
    }

    @Test
    void aRoundReachedAWholeIntervalLateIsSkippedAndTheRestRun() {
        List<ScrapeTarget> targets = targets("15s", 1);
        List<ScrapeRound> rounds = ScrapeRounds.plan(targets, WINDOW, MINUTE);
        // The invocation starts 16 s into the window: the first round is superseded by the second.
        VirtualClock clock = new VirtualClock(rounds.get(0).timeMillis() + 16_000);

        ScrapeRounds.Outcome outcome = ScrapeRounds.run(engine, rounds, WINDOW + 120_000, clock);

        assertThat(outcome.roundsSkipped()).isEqualTo(1);
        assertThat(outcome.roundsRun()).isEqualTo(3);
        assertThat(sink.named("up")).extracting(RecordingAppendable.Appended::timestamp)
                .containsExactlyInAnyOrderElementsOf(rounds.subList(1, 4).stream().map(ScrapeRound::timeMillis).toList());
    }

    @Test
    void theServiceScrapesOnlyItsShardInRounds() {
        StringBuilder yaml = new StringBuilder("scrape_configs:\n  - job_name: fast\n    scrape_interval: 20s\n"
                + "    scrape_timeout: 1s\n    static_configs:\n");
        for (int i = 0; i < 40; i++) {
            yaml.append("      - {targets: ['").append(server.address()).append("'], labels: {replica: '").append(i).append("'}}\n");
        }
        ScrapeService service = new ScrapeService(LOADER.parse(yaml.toString(), null), engine);
        List<String> scraped = new ArrayList<>();
        for (int index = 0; index < 3; index++) {
            ScrapeShard shard = new ScrapeShard(index, 3);
            ScrapeRounds.Outcome outcome = service.scrapeWindow(WINDOW + 5, MINUTE, shard, WINDOW + 90_000, new VirtualClock(WINDOW));
            assertThat(outcome.results()).hasSize(3 * service.targets(shard).size())
                    .allSatisfy(result -> assertThat(shard.owns(result.target())).isTrue());
            outcome.results().forEach(result -> scraped.add(result.target().labels().get("replica")));
        }
        // Each of the 40 targets three times (20 s interval in a minute), by exactly one shard.
        assertThat(scraped).hasSize(120);
        assertThat(new java.util.HashSet<>(scraped)).hasSize(40);
    }

    /** A sleeper on virtual time: waiting jumps the clock to the requested time. */
    private static final class VirtualClock implements Sleeper {
        final List<Long> waits = new ArrayList<>();
        private long now;

        VirtualClock(long start) {
            this.now = start;
        }

        @Override
        public long sleepUntil(long wallMillis) {
            waits.add(wallMillis);
            now = Math.max(now, wallMillis);
            return now;
        }
    }
}
