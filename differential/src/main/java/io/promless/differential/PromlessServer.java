package io.promless.differential;

import static java.util.Objects.requireNonNull;

import io.promless.api.PrometheusApi;
import io.promless.api.SeriesSelectorParser;
import io.promless.api.http.LocalHttpServer;
import io.promless.promql.QueryEngine;
import io.promless.storage.Series;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.InMemoryHeadStore;
import io.promless.tsdb.head.SegmentHeadWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Promless serving a {@link Dataset} the way the local mode does: the samples go through the
 * real write path ({@link SegmentHeadWriter} over an {@link InMemoryHeadStore}) in batches of
 * {@link #BATCH_MILLIS} of data, as queued scrapes would arrive, and are queried through
 * {@link HeadQueryable}, {@link PrometheusApi} and {@link LocalHttpServer} on a free loopback port.
 */
public final class PromlessServer implements AutoCloseable {
    /** Each write batch holds this much time of every series, like a few queued scrapes. */
    public static final long BATCH_MILLIS = 2 * 60 * 1000;
    private static final int THREADS = 4;

    private final LocalHttpServer server;
    private final URI baseUri;

    private PromlessServer(LocalHttpServer server) {
        this.server = server;
        InetSocketAddress address = server.address();
        this.baseUri = URI.create("http://127.0.0.1:" + address.getPort());
    }

    /** Promless with the head's default layout, as the local mode runs it. */
    public static PromlessServer start(Dataset dataset, QueryEngine engine, SeriesSelectorParser selectorParser) {
        return start(dataset, engine, selectorParser, HeadOptions.defaults());
    }

    public static PromlessServer start(Dataset dataset, QueryEngine engine, SeriesSelectorParser selectorParser,
            HeadOptions options) {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(selectorParser, "selectorParser is null");
        requireNonNull(options, "options is null");
        InMemoryHeadStore store = new InMemoryHeadStore();
        write(dataset, new SegmentHeadWriter(store, options));
        // The clock only supplies the default time of instant queries without one; the test always sends it.
        InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(dataset.endMillis()));
        PrometheusApi api = new PrometheusApi(engine, new HeadQueryable(store, options), selectorParser, clock);
        LocalHttpServer server = LocalHttpServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), api, THREADS);
        return new PromlessServer(server);
    }

    /** Where the HTTP API answers, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        return baseUri;
    }

    /** Time the server spent computing answers (not sending them), in nanoseconds. */
    public long handlerNanos() {
        return server.requestNanos();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Writes the dataset in time-window batches, each with every series' samples in that window. */
    static void write(Dataset dataset, SegmentHeadWriter writer) {
        List<Series> all = dataset.allSeries();
        for (long from = dataset.startMillis(); from <= dataset.endMillis(); from += BATCH_MILLIS) {
            long to = from + BATCH_MILLIS;
            List<Series> batch = new ArrayList<>();
            for (Series series : all) {
                Series slice = slice(series, from, to);
                if (slice.size() > 0) {
                    batch.add(slice);
                }
            }
            if (!batch.isEmpty()) {
                writer.write("differential-" + from, batch);
            }
        }
    }

    /** The samples of {@code series} in {@code [from, to)}. */
    private static Series slice(Series series, long from, long to) {
        long[] times = series.timestamps();
        int first = lowerBound(times, from);
        int end = lowerBound(times, to);
        return new Series(series.labels(), Arrays.copyOfRange(times, first, end),
                Arrays.copyOfRange(series.values(), first, end));
    }

    private static int lowerBound(long[] times, long time) {
        int index = Arrays.binarySearch(times, time);
        return index >= 0 ? index : -index - 1;
    }
}
