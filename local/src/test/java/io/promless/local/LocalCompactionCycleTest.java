package io.promless.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.blocks.compact.CompactionRun;
import io.promless.blocks.compact.CompactionService;
import io.promless.blocks.compact.CompactionSettings;
import io.promless.ingest.IngestService;
import io.promless.local.head.FileHeadStore;
import io.promless.local.objects.FileObjectStore;
import io.promless.local.queue.FileMessageQueue;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.model.labels.MatchType;
import io.promless.promql.engine.EngineOptions;
import io.promless.promql.engine.PromqlEngine;
import io.promless.promql.value.MatrixValue;
import io.promless.promql.value.ScalarValue;
import io.promless.promql.value.StringValue;
import io.promless.promql.value.Value;
import io.promless.promql.value.VectorValue;
import io.promless.remote.QueueAppendable;
import io.promless.remote.QueueMessageDecoder;
import io.promless.storage.Appender;
import io.promless.storage.InMemoryMetadataStore;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.SegmentHeadWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole storage cycle of the local mode on its real adapters and wiring ({@link LocalCompaction}):
 * samples go through the file queue and the ingest worker into the file head; compaction on a
 * schedule writes 2 h blocks under the data directory, merges them into 12 h and 48 h blocks
 * and finally expires them. A corpus of PromQL queries answers the same before compaction
 * (head only), after it (blocks + head), once the head's items have expired (blocks alone),
 * and after a restart on the same directory.
 */
class LocalCompactionCycleTest {
    private static final long HOUR = 3_600_000L;
    private static final long MINUTE = 60_000L;
    private static final long T0 = 1_767_225_600_000L / (48 * HOUR) * (48 * HOUR);
    private static final long DATA_END = T0 + 36 * HOUR;
    private static final List<String> CORPUS = List.of(
            "http_requests_total",
            "rate(http_requests_total[5m])",
            "sum by (job) (rate(http_requests_total[10m]))",
            "increase(http_requests_total[3h])",
            "avg_over_time(temperature_celsius[1h])",
            "max by (room) (temperature_celsius offset 3h)",
            "histogram_quantile(0.9, sum by (le) (rate(request_duration_seconds_bucket[15m])))",
            "count(temperature_celsius > 20)",
            "timestamp(temperature_celsius)");

    @TempDir
    Path data;

    @Test
    void ingestCompactMergeExpireAndQueryGiveTheHeadsAnswers() {
        CompactionSettings settings = LocalCompaction.settings(Duration.ofDays(15));
        HeadOptions headOptions = HeadOptions.defaults().withRetention(settings.headRetention());
        Map<String, String> headOnly;
        try (FileHeadStore head = FileHeadStore.open(data.resolve("head"), FileHeadStore.Durability.PROCESS_CRASH)) {
            FileObjectStore objects = new FileObjectStore(data.resolve("objects"));
            ingest(data, head, objects, headOptions);
            HeadQueryable headQueryable = new HeadQueryable(head, headOptions);
            headOnly = answers(headQueryable);
            assertThat(headOnly.get("http_requests_total")).contains("job=\"api\"");

            CompactionService compaction = LocalCompaction.service(headQueryable, objects, settings);
            Queryable storage = LocalCompaction.storage(objects, headQueryable);
            for (long now = T0; now <= T0 + 52 * HOUR; now += 30 * MINUTE) {
                CompactionRun run = compaction.run(now);
                assertThat(run.failures()).isEmpty();
                if (now == T0 + 20 * HOUR) {
                    // Mid-way: 2 h blocks for the first windows, the head for the rest.
                    assertThat(new BlockIndex(objects).blocks()).isNotEmpty();
                    assertThat(answers(storage)).isEqualTo(headOnly);
                }
            }
            assertThat(new BlockIndex(objects).blocks()).extracting(BlockMeta::level, BlockMeta::minTime, BlockMeta::maxTime)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(3, T0, T0 + 48 * HOUR));
            assertThat(compaction.samplesCompacted()).isEqualTo(samples(headQueryable));
            assertThat(answers(storage)).isEqualTo(headOnly);

            // The head is not needed beyond compaction: expire every item as its TTL says.
            head.deleteExpired((DATA_END + settings.headRetention().toMillis()) / 1000 + 1);
            assertThat(answers(headQueryable).get("http_requests_total")).isEqualTo("vector[]\nvector[]\nvector[]");
            assertThat(answers(storage)).isEqualTo(headOnly);
        }

        // A restart on the same directory reads the same blocks.
        try (FileHeadStore head = FileHeadStore.open(data.resolve("head"), FileHeadStore.Durability.PROCESS_CRASH)) {
            FileObjectStore objects = new FileObjectStore(data.resolve("objects"));
            HeadQueryable headQueryable = new HeadQueryable(head, headOptions);
            Queryable storage = LocalCompaction.storage(objects, headQueryable);
            assertThat(answers(storage)).isEqualTo(headOnly);

            // Retention: 15 d after the 48 h block's end, it goes, and with it the answers.
            CompactionRun expiry = LocalCompaction.service(headQueryable, objects, settings)
                    .run(T0 + 48 * HOUR + Duration.ofDays(15).toMillis());
            assertThat(expiry.expired()).hasSize(1);
            assertThat(new BlockIndex(objects).blocks()).isEmpty();
            assertThat(objects.list("blocks/")).containsExactly(BlockIndex.KEY);
            assertThat(answers(storage).get("http_requests_total")).isEqualTo("vector[]\nvector[]\nvector[]");
        }
    }

    /** Scrape-shaped samples through the real local ingest path: file queue, ingest worker, file head. */
    private static void ingest(Path data, FileHeadStore head, FileObjectStore objects, HeadOptions headOptions) {
        FileMessageQueue queue = new FileMessageQueue(data.resolve("queue"));
        FileMessageQueue deadLetters = new FileMessageQueue(data.resolve("queue-dead-letters"));
        IngestService ingest = new IngestService(new SegmentHeadWriter(head, headOptions), new QueueMessageDecoder(objects),
                new InMemoryMetadataStore());
        QueueAppendable sink = new QueueAppendable(queue, objects);
        Random random = new Random(5);
        double[] counters = new double[6];
        double[] buckets = new double[4];
        String[] bounds = {"0.1", "0.5", "1", "+Inf"};
        try (IngestWorker worker = new IngestWorker(queue, deadLetters, ingest)) {
            for (long hour = T0; hour < DATA_END; hour += HOUR) {
                Appender appender = sink.appender();
                for (long time = hour + 7_000; time < hour + HOUR; time += MINUTE) {
                    for (int series = 0; series < counters.length; series++) {
                        counters[series] += random.nextInt(20);
                        if (random.nextInt(2000) == 0) {
                            counters[series] = 0; // a restart
                        }
                        appender.append(Labels.of("__name__", "http_requests_total", "job", series % 2 == 0 ? "api" : "web",
                                "instance", "host-" + series), time, counters[series]);
                    }
                    for (int room = 0; room < 3; room++) {
                        appender.append(Labels.of("__name__", "temperature_celsius", "room", "r" + room), time + room,
                                Math.round((19 + room + random.nextGaussian()) * 10) / 10.0);
                    }
                    double observed = 0;
                    for (int bucket = 0; bucket < buckets.length; bucket++) {
                        observed += random.nextInt(5);
                        buckets[bucket] += observed;
                        appender.append(Labels.of("__name__", "request_duration_seconds_bucket", "le", bounds[bucket]),
                                time, buckets[bucket]);
                    }
                }
                appender.commit();
                while (worker.drainOnce() > 0) {
                    // drain everything queued so far
                }
            }
        }
        assertThat(deadLetters.depth()).isZero();
    }

    private static long samples(Queryable storage) {
        try (Querier querier = storage.querier(T0 - HOUR, DATA_END + HOUR)) {
            return querier.select(List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+"))).stream().mapToLong(Series::size).sum();
        }
    }

    private static Map<String, String> answers(Queryable storage) {
        PromqlEngine engine = new PromqlEngine(EngineOptions.defaults());
        Map<String, String> answers = new LinkedHashMap<>();
        for (String query : CORPUS) {
            List<String> parts = new ArrayList<>();
            for (long time : new long[] {T0 + 5 * HOUR + 17_000, T0 + 24 * HOUR + 13, DATA_END - 3 * MINUTE}) {
                parts.add(render(engine.instantQuery(storage, query, time)));
            }
            answers.put(query, String.join("\n", parts));
            answers.put("range " + query, render(engine.rangeQuery(storage, query, T0 + 11 * MINUTE, DATA_END + HOUR, 7 * MINUTE)));
        }
        return answers;
    }

    private static String render(Value value) {
        return switch (value) {
            case ScalarValue scalar -> "scalar " + scalar;
            case StringValue string -> "string " + string;
            case VectorValue vector -> "vector" + vector.samples();
            case MatrixValue matrix -> "matrix" + matrix.series().stream().map(LocalCompactionCycleTest::render).toList();
        };
    }

    private static String render(Series series) {
        return series.labels() + Arrays.toString(series.timestamps()) + Arrays.toString(series.values());
    }
}
