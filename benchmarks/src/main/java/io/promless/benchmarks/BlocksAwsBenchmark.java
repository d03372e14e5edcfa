package io.promless.benchmarks;

import io.promless.aws.DynamoDbHeadStore;
import io.promless.aws.S3ObjectStore;
import io.promless.aws.SqsMessageQueue;
import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.blocks.BlockOptions;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.compact.CompactionRun;
import io.promless.blocks.compact.CompactionService;
import io.promless.blocks.compact.CompactionSettings;
import io.promless.blocks.query.BlockQueryable;
import io.promless.blocks.query.MergedQueryable;
import io.promless.functions.ingest.IngestFunction;
import io.promless.ingest.IngestService;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.promql.engine.EngineOptions;
import io.promless.promql.engine.PromqlEngine;
import io.promless.remote.QueueAppendable;
import io.promless.remote.QueueMessageDecoder;
import io.promless.storage.Appender;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import io.promless.testkit.aws.AwsEmulator;
import io.promless.testkit.aws.AwsEndpoint;
import io.promless.testkit.aws.AwsResources;
import io.promless.testkit.aws.SqsEventSourceHarness;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.SegmentHeadWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The block layer's AWS requests on the emulator, counted by an SDK interceptor
 * ({@link RequestCounter}) per phase, with the same parts the functions wire:
 *
 * <ol>
 *   <li><b>ingest</b>: scrape-shaped samples through SQS, the event-source harness and the ingest
 *       function into the DynamoDB head;
 *   <li><b>compaction</b>: {@link CompactionService} runs every {@code --schedule-minutes} of
 *       simulated time from the first sample until every window is compacted and settled windows are
 *       merged (2 h blocks, then 12 h);
 *   <li><b>query</b>: a PromQL corpus over the head alone (before compaction), over blocks and head
 *       (after it, cold cache then warm), and over blocks alone (head items expired as their TTL says).
 * </ol>
 *
 * Prints S3 GETs/PUTs and DynamoDB read/write units per million samples ingested, compacted and
 * read by queries.
 */
public final class BlocksAwsBenchmark {
    private static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final List<String> CORPUS = List.of(
            "node_flag_0",
            "rate(node_cpu_seconds_total_0[5m])",
            "sum by (instance) (rate(node_network_receive_bytes_total_0[5m]))",
            "max_over_time(node_memory_bytes_0[1h])",
            "sum(increase(node_cpu_seconds_total_1[1h]))");

    private BlocksAwsBenchmark() {}

    public static void main(String[] args) {
        int seriesPerTarget = IngestBenchmark.intArg(args, "--series", 256);
        int targets = IngestBenchmark.intArg(args, "--targets", 2);
        int hours = IngestBenchmark.intArg(args, "--hours", 26);
        int intervalSeconds = IngestBenchmark.intArg(args, "--interval-seconds", 60);
        int scheduleMinutes = IngestBenchmark.intArg(args, "--schedule-minutes", 15);
        long end = START + Duration.ofHours(hours).toMillis();
        CompactionSettings settings = CompactionSettings.defaults();
        HeadOptions headOptions = HeadOptions.defaults().withRetention(settings.headRetention());

        AwsEndpoint endpoint = AwsEmulator.endpoint();
        AwsResources resources = new AwsResources(endpoint);
        AwsResources.HeadTables tables = resources.createHeadTables();
        AwsResources.QueueWithDeadLetters queue = resources.createQueue(Duration.ofSeconds(60), 5);
        String bucket = resources.createBucket();
        RequestCounter ingestSide = new RequestCounter();
        RequestCounter compactionSide = new RequestCounter();

        // ---- ingest
        RequestCounter unmetered = new RequestCounter();
        QueueAppendable sink = new QueueAppendable(new SqsMessageQueue(AwsRequestBenchmark.sqs(endpoint, unmetered), queue.queueUrl()),
                new S3ObjectStore(AwsRequestBenchmark.s3(endpoint, unmetered), bucket, ""));
        ScrapeLikeData data = new ScrapeLikeData(targets, seriesPerTarget, intervalSeconds * 1000L, START);
        int scrapes = (int) ((end - START) / (intervalSeconds * 1000L));
        long samples = 0;
        for (int scrape = 0; scrape < scrapes; scrape++) {
            for (int target = 0; target < targets; target++) {
                ScrapeLikeData.Scrape one = data.scrape(target, scrape);
                Appender appender = sink.appender();
                for (int series = 0; series < one.labels().size(); series++) {
                    appender.append(one.labels().get(series), one.timestamp(), one.values()[series]);
                }
                appender.commit();
                samples += one.labels().size();
            }
        }
        DynamoDbHeadStore ingestHead = new DynamoDbHeadStore(AwsRequestBenchmark.dynamoDb(endpoint, ingestSide),
                tables.seriesTable(), tables.segmentsTable());
        IngestFunction ingest = new IngestFunction(new IngestService(new SegmentHeadWriter(ingestHead, headOptions),
                new QueueMessageDecoder(new S3ObjectStore(AwsRequestBenchmark.s3(endpoint, ingestSide), bucket, ""))));
        var deliveries = new SqsEventSourceHarness(AwsRequestBenchmark.sqs(endpoint, ingestSide), queue.queueUrl(), queue.queueArn(),
                endpoint.region().id(), SqsEventSourceHarness.MAX_BATCH_SIZE)
                .drain(event -> ingest.handleRequest(event, null), Duration.ofSeconds(2));
        long failed = deliveries.stream().mapToLong(delivery -> delivery.failedIds().size()).sum();

        // ---- compaction on a simulated schedule
        S3ObjectStore compactionObjects = new S3ObjectStore(AwsRequestBenchmark.s3(endpoint, compactionSide), bucket, "");
        HeadQueryable compactionHead = new HeadQueryable(new DynamoDbHeadStore(
                AwsRequestBenchmark.dynamoDb(endpoint, compactionSide), tables.seriesTable(), tables.segmentsTable()), headOptions);
        CompactionService compaction = new CompactionService(compactionHead, compactionObjects,
                new BlockWriter(BlockOptions.defaults()), settings);
        long lastRun = end + settings.lateSampleHorizon().toMillis() + settings.window().toMillis();
        int runs = 0;
        long compactionFailures = 0;
        long wallBefore = System.nanoTime();
        for (long now = START; now <= lastRun; now += scheduleMinutes * 60_000L) {
            CompactionRun run = compaction.run(now);
            compactionFailures += run.failures().size();
            runs++;
        }
        double compactionSeconds = (System.nanoTime() - wallBefore) / 1e9;
        List<BlockMeta> blocks = new BlockIndex(compactionObjects).blocks();

        // ---- queries
        QueryCost headOnly = queryCost(endpoint, tables, bucket, headOptions, end, false, 1);
        QueryCost merged = queryCost(endpoint, tables, bucket, headOptions, end, true, 2);
        int expired = expireHead(AwsRequestBenchmark.dynamoDb(endpoint, new RequestCounter()), tables.segmentsTable(),
                (end + settings.headRetention().toMillis()) / 1000 + 1);
        QueryCost blocksOnly = queryCost(endpoint, tables, bucket, headOptions, end, true, 1);

        // ---- report
        double perMillionIngested = 1e6 / samples;
        double perMillionCompacted = 1e6 / compaction.samplesCompacted();
        System.out.printf("blocks-aws benchmark: %,d samples (%d targets x %,d series every %d s for %d h), %d failed deliveries;"
                        + " %d compaction runs every %d min (%d failed steps, %.1f s on the emulator), blocks now: %s%n",
                samples, targets, seriesPerTarget, intervalSeconds, hours, failed, runs, scheduleMinutes, compactionFailures,
                compactionSeconds, blocks.stream().map(BlockMeta::id).toList());
        print("ingest (SQS -> ingest function -> DynamoDB), per million samples ingested", ingestSide, perMillionIngested);
        print("compaction (head -> 2 h blocks -> 12 h blocks, " + runs + " runs), per million samples compacted", compactionSide,
                perMillionCompacted);
        System.out.printf("RESULT ingest per million samples: %,.0f DynamoDB write units, %,.1f DynamoDB read units, %,.0f S3 PUTs, %,.0f S3 GETs%n",
                ingestSide.dynamoWriteUnits() * perMillionIngested, ingestSide.dynamoReadUnits() * perMillionIngested,
                ingestSide.requestsOf("S3 PutObject") * perMillionIngested, ingestSide.requestsOf("S3 GetObject") * perMillionIngested);
        System.out.printf("RESULT compaction per million samples: %,.0f DynamoDB read units, %,.0f S3 GETs, %,.0f S3 PUTs, %,.0f S3 DELETEs,"
                        + " %,.0f S3 LISTs; %,.0f bytes read from DynamoDB, %,.0f bytes to S3 (%,d samples compacted, %,d late, %d blocks merged)%n",
                compactionSide.dynamoReadUnits() * perMillionCompacted, compactionSide.requestsOf("S3 GetObject") * perMillionCompacted,
                compactionSide.requestsOf("S3 PutObject") * perMillionCompacted, compactionSide.requestsOf("S3 DeleteObject") * perMillionCompacted,
                compactionSide.requestsOf("S3 ListObjectsV2") * perMillionCompacted,
                compactionSide.bytesReceived("DynamoDb") * perMillionCompacted, compactionSide.bytesSent("S3") * perMillionCompacted,
                compaction.samplesCompacted(), compaction.lateSamples(), compaction.blocksMerged());
        System.out.printf("RESULT compaction per run: %.1f DynamoDB read units, %.1f S3 requests%n",
                compactionSide.dynamoReadUnits() / runs, (double) compactionSide.requests("S3") / runs);
        headOnly.print("head only (before compaction)");
        merged.print("blocks + head (after compaction; cold cache, then warm)");
        blocksOnly.print("blocks alone (" + expired + " expired head items deleted as DynamoDB's TTL would)");
        System.exit(failed == 0 && compactionFailures == 0 ? 0 : 1);
    }

    private record QueryCost(RequestCounter counter, long samplesRead, int passes) {
        void print(String what) {
            double perMillion = 1e6 / samplesRead;
            System.out.printf("RESULT queries over %s, per million samples read: %,.1f DynamoDB read units, %,.1f S3 GETs (%,d samples read by %d pass(es) of %d queries, %,d bytes from S3)%n",
                    what, counter.dynamoReadUnits() * perMillion, counter.requestsOf("S3 GetObject") * perMillion, samplesRead, passes,
                    CORPUS.size() * 2, counter.bytesReceived("S3"));
        }
    }

    /** Each corpus query as an instant query at the end and a range query over the last 24 h, {@code passes} times. */
    private static QueryCost queryCost(AwsEndpoint endpoint, AwsResources.HeadTables tables, String bucket, HeadOptions headOptions,
            long end, boolean withBlocks, int passes) {
        RequestCounter counter = new RequestCounter();
        HeadQueryable head = new HeadQueryable(new DynamoDbHeadStore(AwsRequestBenchmark.dynamoDb(endpoint, counter),
                tables.seriesTable(), tables.segmentsTable()), headOptions);
        Queryable storage = head;
        if (withBlocks) {
            S3ObjectStore objects = new S3ObjectStore(AwsRequestBenchmark.s3(endpoint, counter), bucket, "");
            storage = MergedQueryable.of(new BlockQueryable(new BlockIndex(objects), new BlockStore(objects)), head);
        }
        SampleCountingQueryable counting = new SampleCountingQueryable(storage);
        PromqlEngine engine = new PromqlEngine(EngineOptions.defaults());
        for (int pass = 0; pass < passes; pass++) {
            for (String query : CORPUS) {
                engine.instantQuery(counting, query, end - 30_000);
                engine.rangeQuery(counting, query, end - Duration.ofHours(24).toMillis(), end - 30_000, 60_000);
            }
        }
        return new QueryCost(counter, counting.samples.sum(), passes);
    }

    private static int expireHead(DynamoDbClient dynamoDb, String table, long nowEpochSecond) {
        int deleted = 0;
        for (var page : dynamoDb.scanPaginator(request -> request.tableName(table))) {
            for (Map<String, AttributeValue> item : page.items()) {
                AttributeValue expiresAt = item.get(AwsResources.TTL_ATTRIBUTE);
                if (expiresAt != null && Long.parseLong(expiresAt.n()) < nowEpochSecond) {
                    dynamoDb.deleteItem(request -> request.tableName(table).key(Map.of(
                            AwsResources.PARTITION_KEY, item.get(AwsResources.PARTITION_KEY),
                            AwsResources.SORT_KEY, item.get(AwsResources.SORT_KEY))));
                    deleted++;
                }
            }
        }
        return deleted;
    }

    private static void print(String phase, RequestCounter counter, double perMillion) {
        System.out.println("  " + phase + ":");
        for (Map.Entry<String, Long> entry : counter.requestsByOperation().entrySet()) {
            System.out.printf("    %-40s %,12.1f%n", entry.getKey(), entry.getValue() * perMillion);
        }
    }

    /** Counts the samples the storage hands to PromQL: the "samples queried". */
    private static final class SampleCountingQueryable implements Queryable {
        private final Queryable delegate;
        private final LongAdder samples = new LongAdder();

        SampleCountingQueryable(Queryable delegate) {
            this.delegate = delegate;
        }

        @Override
        public Querier querier(long minTime, long maxTime) {
            Querier querier = delegate.querier(minTime, maxTime);
            return new Querier() {
                @Override
                public List<Series> select(List<LabelMatcher> matchers) {
                    List<Series> selected = querier.select(matchers);
                    selected.forEach(one -> samples.add(one.size()));
                    return selected;
                }

                @Override
                public List<Labels> series(List<LabelMatcher> matchers) {
                    return querier.series(matchers);
                }

                @Override
                public List<String> labelNames(List<LabelMatcher> matchers) {
                    return querier.labelNames(matchers);
                }

                @Override
                public List<String> labelValues(String name, List<LabelMatcher> matchers) {
                    return querier.labelValues(name, matchers);
                }

                @Override
                public void close() {
                    querier.close();
                }
            };
        }
    }
}
