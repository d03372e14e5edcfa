package io.promless.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.promless.aws.S3ObjectStore;
import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.exposition.ExpositionFormat;
import io.promless.model.labels.Labels;
import io.promless.ports.ObjectStore;
import io.promless.scrape.ScrapeEngine;
import io.promless.scrape.ScrapeService;
import io.promless.scrape.state.ObjectScrapeStateStore;
import io.promless.storage.Appendable;
import io.promless.storage.Appender;
import io.promless.testkit.aws.AwsEmulator;
import io.promless.testkit.aws.AwsEndpoint;
import io.promless.testkit.aws.AwsResources;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the scrape state (staleness series, health, target catalog) costs on S3, counted with the
 * SDK interceptor on the emulator: real scrape engines scrape local HTTP targets through rounds of
 * a warm container with nothing changing, a round where every target changes, a cold container,
 * and the first container again after the other one scraped. Prints requests per target per
 * scrape, the stored sizes, and what the same values would cost as DynamoDB items.
 */
public final class ScrapeStateBenchmark {
    // us-east-1 list prices: S3 $0.005 per 1,000 PUT/LIST and $0.0004 per 1,000 GET; DynamoDB
    // on-demand $0.625 per million write request units, $0.125 per million read request units.
    private static final double S3_PUT = 0.005 / 1e3;
    private static final double S3_GET = 0.0004 / 1e3;
    private static final double DYNAMO_WRITE_UNIT = 0.625 / 1e6;
    private static final double DYNAMO_READ_UNIT = 0.125 / 1e6;
    private static final long T0 = 1_767_225_600_000L;
    private static final long MINUTE = 60_000L;

    private ScrapeStateBenchmark() {}

    public static void main(String[] args) throws IOException {
        int targets = IngestBenchmark.intArg(args, "--targets", 50);
        int series = IngestBenchmark.intArg(args, "--series", 1000);
        int steadyRounds = IngestBenchmark.intArg(args, "--rounds", 5);
        AwsEndpoint endpoint = AwsEmulator.endpoint();
        String bucket = new AwsResources(endpoint).createBucket();
        RequestCounter counter = new RequestCounter();
        S3Client counted = s3(endpoint, counter);
        S3Client uncounted = s3(endpoint, null);
        ObjectStore objects = new S3ObjectStore(counted, bucket, "");
        ObjectStore inspector = new S3ObjectStore(uncounted, bucket, "");

        Map<Integer, Integer> generation = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                int target = Integer.parseInt(exchange.getRequestURI().getQuery().substring("t=".length()));
                byte[] body = body(target, series, generation.getOrDefault(target, 0)).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        PrometheusConfig config = config("127.0.0.1:" + server.getAddress().getPort(), targets);
        try {
            ScrapeService first = container(config, objects);
            Phase initial = measure(counter, () -> first.scrapeAll(T0));
            Phase steady = measure(counter, () -> {
                for (int round = 1; round <= steadyRounds; round++) {
                    first.scrapeAll(T0 + round * MINUTE);
                }
            });
            for (int target = 0; target < targets; target++) {
                generation.put(target, 1);
            }
            long time = T0 + (steadyRounds + 1) * MINUTE;
            Phase changed = measure(counter, () -> first.scrapeAll(time));
            ScrapeService cold = container(config, objects);
            Phase coldStart = measure(counter, () -> cold.scrapeAll(time + MINUTE));
            for (int target = 0; target < targets; target++) {
                generation.put(target, 2);
            }
            cold.scrapeAll(time + 2 * MINUTE);
            long markersBefore = first.engine().staleMarkersAppended();
            Phase otherContainer = measure(counter, () -> first.scrapeAll(time + 3 * MINUTE));
            Phase apiRead = measure(counter, () -> {
                var store = new ObjectScrapeStateStore(objects);
                store.loadCatalog();
                store.loadAllGroups();
            });

            long targetBytes = inspector.get("scrape-state/targets/" + first.targets().get(0).stateId()).orElseThrow().length;
            long groupBytes = inspector.get("scrape-state/groups/" + ScrapeEngine.DEFAULT_STATE_GROUP).orElseThrow().length;
            long catalogBytes = inspector.get("scrape-state/catalog").orElseThrow().length;
            long markersOther = first.engine().staleMarkersAppended() - markersBefore;
            long markersByCold = cold.engine().staleMarkersAppended();

            System.out.printf("scrape-state benchmark: %d targets x %,d series, S3 on the emulator%n", targets, series);
            System.out.printf("  stored sizes: one target's series state %,d bytes (%,d series, deflated), health group %,d bytes, catalog %,d bytes%n",
                    targetBytes, series, groupBytes, catalogBytes);
            System.out.printf("  stale markers: the cold container wrote %,d for the series that changed while it ran (expected %,d);"
                    + " the first container, back after it, wrote %,d (expected 0: the store told it the series had moved on)%n",
                    markersByCold, (long) targets, markersOther);
            print("first scrape ever (no state)", initial, targets, 1, targetBytes, groupBytes);
            print("steady state, warm container, nothing changed", steady, targets, steadyRounds, targetBytes, groupBytes);
            print("every target's series changed", changed, targets, 1, targetBytes, groupBytes);
            print("cold start (new container, state from the store)", coldStart, targets, 1, targetBytes, groupBytes);
            print("warm container after another container scraped", otherContainer, targets, 1, targetBytes, groupBytes);
            System.out.printf("RESULT /api/v1/targets in the query function: %s (catalog GET, group LIST and GETs)%n", apiRead.operations);
        } finally {
            server.stop(0);
        }
    }

    private record Phase(Map<String, Long> operations) {
        long count(String operation) {
            return operations.getOrDefault(operation, 0L);
        }
    }

    private static Phase measure(RequestCounter counter, Runnable work) {
        Map<String, Long> before = new HashMap<>(counter.requestsByOperation());
        work.run();
        Map<String, Long> delta = new java.util.TreeMap<>();
        counter.requestsByOperation().forEach((operation, count) -> {
            long difference = count - before.getOrDefault(operation, 0L);
            if (difference > 0) {
                delta.put(operation, difference);
            }
        });
        return new Phase(delta);
    }

    private static void print(String name, Phase phase, int targets, int rounds, long targetBytes, long groupBytes) {
        double scrapes = (double) targets * rounds;
        long puts = phase.count("S3 PutObject");
        long deletes = phase.count("S3 DeleteObject");
        long gets = phase.count("S3 GetObject");
        long groupPuts = rounds;
        long targetPuts = puts - groupPuts;
        double s3Cost = (puts + deletes) * S3_PUT + gets * S3_GET;
        // The same values as DynamoDB items: a write costs one unit per started KiB, a strongly
        // consistent read one unit per started 4 KiB.
        long dynamoWrites = groupPuts * units(groupBytes, 1024) + targetPuts * units(targetBytes, 1024);
        long groupGets = rounds;
        long dynamoReads = groupGets * units(groupBytes, 4096) + Math.max(0, gets - groupGets) * units(targetBytes, 4096);
        double dynamoCost = dynamoWrites * DYNAMO_WRITE_UNIT + dynamoReads * DYNAMO_READ_UNIT;
        System.out.printf("RESULT %s: per target per scrape %.3f S3 PUT, %.3f S3 GET (%s in %d round(s)); "
                        + "$%.3f per million target-scrapes on S3, $%.3f as DynamoDB items (%.2f WRU + %.2f RRU per target-scrape)%n",
                name, puts / scrapes, gets / scrapes, phase.operations, rounds, s3Cost * 1e6 / scrapes, dynamoCost * 1e6 / scrapes,
                dynamoWrites / scrapes, dynamoReads / scrapes);
    }

    private static long units(long bytes, long unit) {
        return Math.max(1, (bytes + unit - 1) / unit);
    }

    private static String body(int target, int series, int generation) {
        StringBuilder body = new StringBuilder(series * 60);
        for (int i = 0; i < series; i++) {
            // Each generation replaces one series: a changed set with one stale series per target.
            String name = i == 0 ? "changing_metric_" + generation : "steady_metric_" + (i % 50);
            body.append(name).append("{target=\"").append(target).append("\",index=\"").append(i).append("\"} ")
                    .append(i).append('\n');
        }
        return body.toString();
    }

    private static PrometheusConfig config(String address, int targets) {
        StringBuilder yaml = new StringBuilder("""
                scrape_configs:
                  - job_name: bench
                    scrape_interval: 1m
                    scrape_timeout: 30s
                    static_configs:
                """);
        for (int target = 0; target < targets; target++) {
            yaml.append("      - targets: ['").append(address).append("']\n")
                    .append("        labels: {instance: 'target-").append(target).append("', __param_t: '").append(target)
                    .append("'}\n");
        }
        return new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml.toString(), null);
    }

    private static ScrapeService container(PrometheusConfig config, ObjectStore objects) {
        Appendable discard = () -> new Appender() {
            @Override
            public void append(Labels labels, long timestamp, double value) {}

            @Override
            public void commit() {}

            @Override
            public void rollback() {}
        };
        ScrapeEngine engine = new ScrapeEngine(discard, contentType -> ExpositionFormat.fromContentType(contentType).parser(),
                System::nanoTime, new ObjectScrapeStateStore(objects), target -> ScrapeEngine.DEFAULT_STATE_GROUP);
        return new ScrapeService(config, engine);
    }

    private static S3Client s3(AwsEndpoint endpoint, RequestCounter counter) {
        var builder = S3Client.builder().endpointOverride(endpoint.uri()).region(endpoint.region()).forcePathStyle(true)
                .credentialsProvider(endpoint.credentials()).httpClientBuilder(UrlConnectionHttpClient.builder());
        if (counter != null) {
            builder.overrideConfiguration(configuration -> configuration.addExecutionInterceptor(counter));
        }
        return builder.build();
    }

}
