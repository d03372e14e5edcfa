package io.promless.benchmarks;

import io.promless.aws.DynamoDbHeadStore;
import io.promless.aws.S3ObjectStore;
import io.promless.aws.SqsMessageQueue;
import io.promless.functions.ingest.IngestFunction;
import io.promless.ingest.IngestService;
import io.promless.remote.QueueAppendable;
import io.promless.storage.Appender;
import io.promless.testkit.aws.AwsEmulator;
import io.promless.testkit.aws.AwsEndpoint;
import io.promless.testkit.aws.AwsResources;
import io.promless.testkit.aws.SqsEventSourceHarness;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.SegmentHeadWriter;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Runs scrape-shaped samples through the AWS path on the emulator (scrape sink → SQS → event
 * source → ingest function → DynamoDB) and prints the requests and billing units it really
 * made, per million samples, with what they cost at AWS list prices (us-east-1, on-demand).
 */
public final class AwsRequestBenchmark {
    // List prices, us-east-1: SQS standard $0.40 per million requests; DynamoDB on-demand
    // $0.625 per million write request units; S3 $0.005 per 1,000 PUTs and $0.0004 per 1,000 GETs.
    // Amazon Managed Service for Prometheus ingestion: $0.90 per 10 million samples (first tier).
    private static final double SQS_PER_REQUEST = 0.40 / 1e6;
    private static final double DYNAMO_PER_WRITE_UNIT = 0.625 / 1e6;
    private static final double S3_PER_REQUEST = 0.005 / 1e3;
    private static final double AMP_PER_SAMPLE = 0.90 / 1e7;

    private AwsRequestBenchmark() {}

    public static void main(String[] args) {
        int seriesPerTarget = IngestBenchmark.intArg(args, "--series", 1000);
        int targets = IngestBenchmark.intArg(args, "--targets", 2);
        int scrapes = IngestBenchmark.intArg(args, "--scrapes", 20);
        int batchSize = IngestBenchmark.intArg(args, "--batch-size", 10);
        HeadOptions options = IngestBenchmark.headOptions(args);
        AwsEndpoint endpoint = AwsEmulator.endpoint();
        AwsResources resources = new AwsResources(endpoint);
        AwsResources.HeadTables tables = resources.createHeadTables();
        AwsResources.QueueWithDeadLetters queue = resources.createQueue(Duration.ofSeconds(30), 5);
        String bucket = resources.createBucket();

        RequestCounter scrapeSide = new RequestCounter();
        RequestCounter ingestSide = new RequestCounter();
        SqsClient scrapeSqs = sqs(endpoint, scrapeSide);
        S3ObjectStore scrapeObjects = new S3ObjectStore(s3(endpoint, scrapeSide), bucket, "");
        QueueAppendable sink = new QueueAppendable(new SqsMessageQueue(scrapeSqs, queue.queueUrl()), scrapeObjects);

        ScrapeLikeData data = new ScrapeLikeData(targets, seriesPerTarget, 60_000, 1_767_225_600_000L);
        for (int scrape = 0; scrape < scrapes; scrape++) {
            for (int target = 0; target < targets; target++) {
                ScrapeLikeData.Scrape one = data.scrape(target, scrape);
                Appender appender = sink.appender();
                for (int series = 0; series < one.labels().size(); series++) {
                    appender.append(one.labels().get(series), one.timestamp(), one.values()[series]);
                }
                appender.commit();
            }
        }

        SqsClient ingestSqs = sqs(endpoint, ingestSide);
        DynamoDbHeadStore headStore = new DynamoDbHeadStore(dynamoDb(endpoint, ingestSide), tables.seriesTable(), tables.segmentsTable());
        IngestFunction function = new IngestFunction(new IngestService(
                new SegmentHeadWriter(headStore, options), new S3ObjectStore(s3(endpoint, ingestSide), bucket, "")));
        SqsEventSourceHarness harness = new SqsEventSourceHarness(ingestSqs, queue.queueUrl(), queue.queueArn(),
                endpoint.region().id(), batchSize);
        var deliveries = harness.drain(event -> function.handleRequest(event, null), Duration.ofSeconds(2));
        long failed = deliveries.stream().mapToLong(delivery -> delivery.failedIds().size()).sum();
        long seriesCreated = headStore.seriesCreated();

        long samples = (long) seriesPerTarget * targets * scrapes;
        double perMillion = 1e6 / samples;
        System.out.printf("aws benchmark: %,d samples (%d targets x %,d series x %d scrapes at 60 s), ingest batch size %d, %d failed deliveries%n",
                samples, targets, seriesPerTarget, scrapes, batchSize, failed);
        printRequests("scrape side", scrapeSide, perMillion);
        printRequests("ingest side (incl. the event source's SQS polling)", ingestSide, perMillion);
        long sqsRequests = scrapeSide.sqsBilledSendRequests() + ingestSide.requests("Sqs");
        long s3Requests = scrapeSide.requests("S3") + ingestSide.requests("S3");
        long writeUnits = ingestSide.dynamoWriteUnits();
        // Each new series costs one conditional put in the series index, once in its life; the
        // steady state is what a long-lived series costs per sample after that.
        long updates = ingestSide.requestsByOperation().getOrDefault("DynamoDb UpdateItem", 0L);
        long allWriteUnits = writeUnits + updates;
        long steadyWriteUnits = allWriteUnits - seriesCreated;
        System.out.printf("RESULT per million samples, steady state (series already indexed): %,.0f DynamoDB write request units, %,.0f SQS requests billed, %,.0f S3 requests%n",
                steadyWriteUnits * perMillion, sqsRequests * perMillion, s3Requests * perMillion);
        System.out.printf("RESULT per million samples, this run (every series new, %d samples per series): %,.0f DynamoDB write request units (%,.0f of them series-index puts), %,.0f DynamoDB API calls%n",
                scrapes, allWriteUnits * perMillion, seriesCreated * perMillion, ingestSide.requests("DynamoDb") * perMillion);
        double steadyCost = steadyWriteUnits * DYNAMO_PER_WRITE_UNIT + sqsRequests * SQS_PER_REQUEST + s3Requests * S3_PER_REQUEST;
        double costPer10M = steadyCost * 1e7 / samples;
        System.out.printf("RESULT steady-state request cost per 10 million samples: $%.4f (Amazon Managed Service for Prometheus ingestion: $%.2f, %.1fx more; Lambda compute and storage not included)%n",
                costPer10M, AMP_PER_SAMPLE * 1e7, AMP_PER_SAMPLE * 1e7 / costPer10M);
        System.exit(failed == 0 ? 0 : 1);
    }

    private static void printRequests(String side, RequestCounter counter, double perMillion) {
        System.out.println("  " + side + ", per million samples:");
        for (Map.Entry<String, Long> entry : counter.requestsByOperation().entrySet()) {
            System.out.printf("    %-40s %,12.0f%n", entry.getKey(), entry.getValue() * perMillion);
        }
    }

    static SqsClient sqs(AwsEndpoint endpoint, RequestCounter counter) {
        return SqsClient.builder().endpointOverride(endpoint.uri()).region(endpoint.region())
                .credentialsProvider(endpoint.credentials()).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(config -> config.addExecutionInterceptor(counter)).build();
    }

    static S3Client s3(AwsEndpoint endpoint, RequestCounter counter) {
        return S3Client.builder().endpointOverride(endpoint.uri()).region(endpoint.region()).forcePathStyle(true)
                .credentialsProvider(endpoint.credentials()).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(config -> config.addExecutionInterceptor(counter)).build();
    }

    static DynamoDbClient dynamoDb(AwsEndpoint endpoint, RequestCounter counter) {
        return DynamoDbClient.builder().endpointOverride(endpoint.uri()).region(endpoint.region())
                .credentialsProvider(endpoint.credentials()).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(config -> config.addExecutionInterceptor(counter)).build();
    }
}
