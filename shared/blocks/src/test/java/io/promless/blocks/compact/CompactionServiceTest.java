package io.promless.blocks.compact;

import static io.promless.blocks.BlockWriterReaderTest.assertSameSeries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.blocks.BlockOptions;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.TestSeries;
import io.promless.blocks.query.BlockQueryable;
import io.promless.blocks.query.MergedQueryable;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.model.labels.MatchType;
import io.promless.ports.ObjectStore;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.InMemoryHeadStore;
import io.promless.tsdb.head.SegmentHeadWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompactionServiceTest {
    private static final long HOUR = 3_600_000L;
    private static final long MINUTE = 60_000L;
    /** Aligned to 48 h, so every level window starts on a round multiple. */
    private static final long T0 = 1_700_000_000_000L / (48 * HOUR) * (48 * HOUR);
    private static final List<LabelMatcher> ALL = List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+"));
    private static final CompactionSettings SETTINGS = CompactionSettings.defaults()
            .withLateSampleHorizon(Duration.ofHours(3))
            .withLevelRanges(List.of(Duration.ofHours(6), Duration.ofHours(24)))
            .withRetention(Duration.ofDays(3));

    private InMemoryHeadStore headStore;
    private SegmentHeadWriter headWriter;
    private HeadQueryable head;
    private List<Series> data;

    @BeforeEach
    void fillHead() {
        headStore = new InMemoryHeadStore();
        HeadOptions headOptions = HeadOptions.defaults().withRetention(SETTINGS.headRetention());
        headWriter = new SegmentHeadWriter(headStore, headOptions);
        head = new HeadQueryable(headStore, headOptions);
        data = TestSeries.generate(3, 3, T0, T0 + 30 * HOUR, 5 * MINUTE, 7);
        headWriter.write("batch-1", data);
    }

    // ---------------------------------------------------------------- settings

    static Stream<Arguments> invalidSettings() {
        CompactionSettings ok = CompactionSettings.defaults();
        return Stream.of(
                Arguments.of("zero window", (Runnable) () -> ok.withWindow(Duration.ZERO), "window must be positive"),
                Arguments.of("fractional second window", (Runnable) () -> ok.withWindow(Duration.ofMillis(1500)), "whole number of seconds"),
                Arguments.of("negative grace", (Runnable) () -> ok.withGrace(Duration.ofMinutes(-1)), "grace is negative"),
                Arguments.of("horizon below grace", (Runnable) () -> ok.withLateSampleHorizon(Duration.ofMinutes(30)), "shorter than grace"),
                Arguments.of("head retention below horizon", (Runnable) () -> ok.withHeadRetention(Duration.ofHours(1)), "would expire uncompacted"),
                Arguments.of("zero retention", (Runnable) () -> ok.withRetention(Duration.ZERO), "retention must be positive"),
                Arguments.of("level range not a multiple", (Runnable) () -> ok.withLevelRanges(List.of(Duration.ofHours(5))), "larger multiple of PT2H"),
                Arguments.of("level ranges descending", (Runnable) () -> ok.withLevelRanges(List.of(Duration.ofHours(24), Duration.ofHours(12))), "larger multiple of PT24H"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void rejectsInconsistentSettings(String name, Runnable build, String message) {
        assertThatThrownBy(build::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    // ---------------------------------------------------------------- which windows a run visits

    static Stream<Arguments> windowsDue() {
        return Stream.of(
                // now, windows already indexed (start hour), expected windows (start hour)
                Arguments.of("nothing closed yet", 2 * HOUR + 59 * MINUTE, List.of(), List.of()),
                Arguments.of("first window closes at end + grace", 3 * HOUR, List.of(), List.of(0L)),
                Arguments.of("an indexed window is rechecked within the horizon", 4 * HOUR + 59 * MINUTE, List.of(0L), List.of(0L)),
                Arguments.of("past the horizon an indexed window is left alone", 5 * HOUR, List.of(0L, 2L), List.of(2L)),
                Arguments.of("windows after the newest block are caught up, older ones not", 11 * HOUR, List.of(4L), List.of(6L, 8L)),
                Arguments.of("the head's retention bounds the catch-up", 30 * HOUR, List.of(), List.of(2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L, 22L, 24L, 26L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("windowsDue")
    void visitsClosedWindowsWithinTheHorizonAndUncompactedOnesTheHeadStillHolds(String name, long sinceT0,
            List<Long> indexedStartHours, List<Long> expectedStartHours) {
        CompactionService service = service(new InMemoryObjectStore(), SETTINGS.withHeadRetention(Duration.ofHours(27)));
        List<BlockMeta> indexed = new ArrayList<>();
        for (long hour : indexedStartHours) {
            long start = T0 + hour * HOUR;
            indexed.add(new BlockMeta(io.promless.blocks.BlockId.forWindow(1, start, start + 2 * HOUR), start, start + 2 * HOUR,
                    1, 1, 1, 1, List.of("__name__"), 1, List.of()));
        }
        List<Long> due = service.headWindowsDue(T0 + sinceT0, indexed).stream()
                .filter(window -> window[0] >= T0).map(window -> (window[0] - T0) / HOUR).toList();
        assertThat(due).isEqualTo(expectedStartHours);
    }

    // ---------------------------------------------------------------- the whole cycle

    @Test
    void runsOnAScheduleCompactMergeAndExpireWhileQueriesStayEqualToTheHead() {
        InMemoryObjectStore objects = new InMemoryObjectStore();
        CompactionService service = service(objects, SETTINGS);
        List<Series> headOnly = select(head, T0 - HOUR, T0 + 31 * HOUR);
        Queryable merged = MergedQueryable.of(blocks(objects), head);

        for (long now = T0; now <= T0 + 40 * HOUR; now += 15 * MINUTE) {
            CompactionRun run = service.run(now);
            assertThat(run.failures()).isEmpty();
            if (now % (4 * HOUR) == 0) {
                assertSameSeries(select(merged, T0 - HOUR, T0 + 31 * HOUR), headOnly);
            }
        }

        // 30 h of data: levels 2h -> 6h -> 24h give one 24 h block, and one 6 h block for the rest.
        assertThat(new BlockIndex(objects).blocks()).extracting(BlockMeta::id).containsExactly(
                io.promless.blocks.BlockId.forWindow(3, T0, T0 + 24 * HOUR),
                io.promless.blocks.BlockId.forWindow(2, T0 + 24 * HOUR, T0 + 30 * HOUR));
        assertThat(objects.list(BlockStore.PREFIX)).hasSize(1 + 2 * 2);
        assertSameSeries(select(blocks(objects), T0 - HOUR, T0 + 31 * HOUR), headOnly);
        assertThat(service.samplesCompacted()).isEqualTo(headOnly.stream().mapToLong(Series::size).sum());
        assertThat(service.lateSamples()).isZero();

        // The head is not needed once its windows are compacted: expire it as its TTL would.
        headStore.deleteExpired((T0 + 30 * HOUR + SETTINGS.headRetention().toMillis()) / 1000 + 1);
        assertThat(select(head, T0 - HOUR, T0 + 31 * HOUR)).isEmpty();
        assertSameSeries(select(merged, T0 - HOUR, T0 + 31 * HOUR), headOnly);

        // Retention (3 d) deletes the first 24 h block first, then the rest.
        CompactionRun partly = service.run(T0 + 24 * HOUR + SETTINGS.retention().toMillis());
        assertThat(partly.expired()).containsExactly(io.promless.blocks.BlockId.forWindow(3, T0, T0 + 24 * HOUR));
        assertSameSeries(select(blocks(objects), T0 - HOUR, T0 + 31 * HOUR),
                io.promless.blocks.BlockWriterReaderTest.trim(headOnly, T0 + 24 * HOUR, T0 + 31 * HOUR));
        // That run also merged the 6 h block into the 24 h window it starts; it expires in turn.
        assertThat(partly.levelMerges()).extracting(CompactionResult::blockId)
                .containsExactly(io.promless.blocks.BlockId.forWindow(3, T0 + 24 * HOUR, T0 + 48 * HOUR));
        service.run(T0 + 48 * HOUR + SETTINGS.retention().toMillis());
        assertThat(new BlockIndex(objects).blocks()).isEmpty();
        assertThat(objects.list(BlockStore.PREFIX)).containsExactly(BlockIndex.KEY);
        assertThat(service.blocksDeleted()).isEqualTo(2);
    }

    @Test
    void lateSamplesArrivingAfterAWindowWasCompactedStayQueryableAndAreMergedUpward() {
        InMemoryObjectStore objects = new InMemoryObjectStore();
        CompactionService service = service(objects, SETTINGS);
        service.run(T0 + 3 * HOUR);
        assertThat(new BlockIndex(objects).blocks()).extracting(BlockMeta::id)
                .containsExactly(io.promless.blocks.BlockId.forWindow(1, T0, T0 + 2 * HOUR));

        // An hour after the first compaction, samples for the window still arrive: out of order
        // for an existing series, and a series never seen before.
        Labels existing = data.get(0).labels();
        Labels brandNew = Labels.of("__name__", "late_metric", "job", "batch");
        headWriter.write("late-batch", List.of(
                new Series(existing, new long[] {T0 + 7, T0 + 61 * MINUTE + 3}, new double[] {-1, -2}),
                new Series(brandNew, new long[] {T0 + HOUR}, new double[] {42})));
        CompactionRun late = service.run(T0 + 4 * HOUR);

        assertThat(late.headWindows()).anySatisfy(result -> {
            assertThat(result.outcome()).isEqualTo(CompactionResult.Outcome.WRITTEN);
            assertThat(result.blockId()).startsWith(io.promless.blocks.BlockId.forWindow(1, T0, T0 + 2 * HOUR) + ".");
            assertThat(result.sampleCount()).isEqualTo(3);
        });
        assertThat(service.lateSamples()).isEqualTo(3);
        List<Series> headWindow = select(head, T0, T0 + 2 * HOUR - 1);
        assertSameSeries(select(blocks(objects), T0, T0 + 2 * HOUR - 1), headWindow);

        // Later runs find nothing more to add, and the 6 h merge folds the late block in.
        for (long now = T0 + 4 * HOUR + 15 * MINUTE; now <= T0 + 10 * HOUR; now += 15 * MINUTE) {
            service.run(now);
        }
        assertThat(service.lateSamples()).isEqualTo(3);
        List<BlockMeta> indexed = new BlockIndex(objects).blocks();
        assertThat(indexed.get(0).id()).isEqualTo(io.promless.blocks.BlockId.forWindow(2, T0, T0 + 6 * HOUR));
        assertThat(indexed.get(0).sources()).hasSize(4);
        assertSameSeries(select(blocks(objects), T0, T0 + 6 * HOUR - 1), select(head, T0, T0 + 6 * HOUR - 1));
    }

    @Test
    void aStepThatFailsIsReportedAndTheOthersStillRun() {
        InMemoryObjectStore objects = new InMemoryObjectStore();
        CompactionService service = service(objects, SETTINGS.withLateSampleHorizon(Duration.ofHours(4)));
        service.run(T0 + 3 * HOUR);
        // A block the index names but whose data object is gone: its window fails, the next one compacts.
        objects.delete(BlockStore.dataKey(io.promless.blocks.BlockId.forWindow(1, T0, T0 + 2 * HOUR)));

        CompactionRun run = service.run(T0 + 5 * HOUR);

        assertThat(run.failures()).singleElement().asString()
                .contains("compact head window " + T0 + "-" + (T0 + 2 * HOUR))
                .contains("block " + io.promless.blocks.BlockId.forWindow(1, T0, T0 + 2 * HOUR));
        assertThat(run.headWindows()).filteredOn(result -> result.outcome() == CompactionResult.Outcome.WRITTEN)
                .extracting(CompactionResult::blockId).containsExactly(io.promless.blocks.BlockId.forWindow(1, T0 + 2 * HOUR, T0 + 4 * HOUR));
        assertThat(service.stepsFailed()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- crash safety

    private static final int CRASH_RUN_WRITES_UPPER_BOUND = 45;
    private static final long CRASH_RUN_AT = T0 + 30 * HOUR;
    private static final CompactionSettings CRASH_SETTINGS = SETTINGS.withLevelRanges(List.of(Duration.ofHours(6)))
            .withRetention(Duration.ofHours(20));
    private static Map<String, byte[]> stateBefore;
    private static Map<String, byte[]> stateAfter;

    /**
     * The state before the run under test: 28 h compacted into level-1 blocks only (no merges, no
     * retention yet), then late samples for the last compacted window. Built once, copied per test.
     */
    private InMemoryObjectStore stateBeforeTheRun() {
        if (stateBefore == null) {
            InMemoryObjectStore objects = new InMemoryObjectStore();
            CompactionService levelOne = service(objects, SETTINGS.withLevelRanges(List.of()).withRetention(Duration.ofDays(30)));
            for (long now = T0; now <= T0 + 29 * HOUR; now += HOUR) {
                levelOne.run(now);
            }
            stateBefore = contents(objects);
        }
        headWriter.write("late-batch", List.of(new Series(data.get(1).labels(),
                new long[] {T0 + 26 * HOUR + 11}, new double[] {123})));
        return copyOf(stateBefore);
    }

    /** The state an uninterrupted run leaves. */
    private Map<String, byte[]> stateAfterTheRun() {
        if (stateAfter == null) {
            InMemoryObjectStore objects = stateBeforeTheRun();
            service(objects, CRASH_SETTINGS).run(CRASH_RUN_AT);
            stateAfter = contents(objects);
        }
        return stateAfter;
    }

    /**
     * One run at T0 + 30 h writes a late-sample block, merges 2 h blocks into 6 h blocks, deletes
     * the sources and expires old blocks (retention 20 h). Killing it at every write in turn,
     * before or after the write lands, then running again must end in exactly the state of an
     * uninterrupted run; between the kill and the rerun, blocks+head must answer like the head.
     */
    static Stream<Arguments> kills() {
        List<Arguments> cases = new ArrayList<>();
        for (int write = 0; write < CRASH_RUN_WRITES_UPPER_BOUND; write++) {
            cases.add(Arguments.of(write, false));
            cases.add(Arguments.of(write, true));
        }
        return cases.stream();
    }

    @Test
    void theRunUnderTestDoesEveryKindOfStep() {
        InMemoryObjectStore objects = stateBeforeTheRun();
        KillableObjectStore counting = new KillableObjectStore(objects, -1, false);
        CompactionRun run = service(counting, CRASH_SETTINGS).run(CRASH_RUN_AT);

        assertThat(run.failures()).isEmpty();
        assertThat(run.headWindows()).extracting(CompactionResult::outcome).contains(CompactionResult.Outcome.WRITTEN);
        assertThat(run.levelMerges()).extracting(CompactionResult::outcome).contains(CompactionResult.Outcome.WRITTEN);
        assertThat(run.expired()).isNotEmpty();
        assertThat(counting.writes()).isBetween(10, CRASH_RUN_WRITES_UPPER_BOUND);
    }

    @ParameterizedTest(name = "killed at write {0}, after the write: {1}")
    @MethodSource("kills")
    void aRunKilledAtAnyWriteIsFinishedByTheNextRunWithNoSampleLostOrDoubled(int killAtWrite, boolean afterWrite) {
        Map<String, byte[]> expected = stateAfterTheRun();
        InMemoryObjectStore reference = copyOf(expected);
        List<Series> expectedFromBlocks = select(blocks(reference), T0 - HOUR, T0 + 31 * HOUR);

        InMemoryObjectStore objects = stateBeforeTheRun();
        KillableObjectStore killable = new KillableObjectStore(objects, killAtWrite, afterWrite);
        CompactionRun killed = service(killable, CRASH_SETTINGS).run(CRASH_RUN_AT);
        assertThat(killed.succeeded()).isEqualTo(!killable.killed());

        // Whatever the kill left behind, blocks and head together still answer like the head.
        assertSameSeries(select(MergedQueryable.of(blocks(objects), head), T0 - HOUR, T0 + 31 * HOUR),
                select(head, T0 - HOUR, T0 + 31 * HOUR));

        CompactionRun rerun = service(objects, CRASH_SETTINGS).run(CRASH_RUN_AT);

        assertThat(rerun.failures()).isEmpty();
        assertThat(contents(objects).keySet()).isEqualTo(expected.keySet());
        assertThat(new BlockIndex(objects).blocks()).isEqualTo(new BlockIndex(reference).blocks());
        expected.forEach((key, bytes) -> assertThat(objects.get(key)).as(key).hasValue(bytes));
        assertSameSeries(select(blocks(objects), T0 - HOUR, T0 + 31 * HOUR), expectedFromBlocks);
    }

    // ---------------------------------------------------------------- helpers

    private CompactionService service(ObjectStore objects, CompactionSettings settings) {
        return new CompactionService(head, objects, new BlockWriter(BlockOptions.defaults()), settings);
    }

    private static InMemoryObjectStore copyOf(Map<String, byte[]> contents) {
        InMemoryObjectStore objects = new InMemoryObjectStore();
        contents.forEach(objects::put);
        return objects;
    }

    private static Queryable blocks(ObjectStore objects) {
        return new BlockQueryable(new BlockIndex(objects), new BlockStore(objects), 0);
    }

    private static Map<String, byte[]> contents(ObjectStore objects) {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (String key : objects.list("")) {
            contents.put(key, objects.get(key).orElseThrow());
        }
        return contents;
    }

    private static List<Series> select(Queryable queryable, long minTime, long maxTime) {
        try (Querier querier = queryable.querier(minTime, maxTime)) {
            return querier.select(ALL);
        }
    }
}
