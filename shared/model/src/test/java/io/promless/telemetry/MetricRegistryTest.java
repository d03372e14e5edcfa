package io.promless.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.model.MetricType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetricRegistryTest {

    @Test
    void countersGaugesAndCallbacksAreExposedSortedByName() {
        MetricRegistry registry = new MetricRegistry();
        LongAdder failed = new LongAdder();
        failed.add(3);
        Counter ingested = registry.counter("promless_samples_ingested_total", "Samples written to the head.");
        Gauge depth = registry.gauge("promless_queue_depth", "Messages waiting in the queue.");
        registry.counterCallback("promless_queue_messages_failed_total", "Queue messages that failed.", failed::sum);

        ingested.inc(1000);
        ingested.inc();
        depth.set(7);
        depth.dec();

        assertThat(registry.scrape()).isEqualTo("""
                # HELP promless_queue_depth Messages waiting in the queue.
                # TYPE promless_queue_depth gauge
                promless_queue_depth 6
                # HELP promless_queue_messages_failed_total Queue messages that failed.
                # TYPE promless_queue_messages_failed_total counter
                promless_queue_messages_failed_total 3
                # HELP promless_samples_ingested_total Samples written to the head.
                # TYPE promless_samples_ingested_total counter
                promless_samples_ingested_total 1001
                """);
    }

    @Test
    void callbacksAreReadAtEachCollection() {
        MetricRegistry registry = new MetricRegistry();
        LongAdder received = new LongAdder();
        registry.counterCallbacks("promless_queue_messages_received_total", "Messages received.", "queue")
                .register(received::sum, "ingest");

        received.add(2);
        assertThat(single(registry).samples().get(0).value()).isEqualTo(2.0);
        received.add(5);
        assertThat(single(registry).samples().get(0).value()).isEqualTo(7.0);
    }

    @Test
    void aCallbackThatThrowsIsLeftOutAndTheRestStillExposed() {
        MetricRegistry registry = new MetricRegistry();
        registry.gaugeCallbacks("promless_head_series", "Series in the head.", "store")
                .register(() -> { throw new IllegalStateException("closed"); }, "broken")
                .register(() -> 42, "working");

        assertThat(registry.scrape()).contains("promless_head_series{store=\"working\"} 42\n").doesNotContain("broken");
    }

    @Test
    void labelledChildrenAreCreatedOnceAndSortedByLabelValues() {
        MetricRegistry registry = new MetricRegistry();
        CounterFamily requests = registry.counterFamily("promless_http_requests_total", "HTTP requests.", "handler", "code");
        requests.labels("/api/v1/query", "400").inc();
        requests.labels("/api/v1/labels", "200").inc();
        requests.labels("/api/v1/query", "400").inc(2);

        assertThat(requests.labels("/api/v1/query", "400")).isSameAs(requests.labels("/api/v1/query", "400"));
        assertThat(registry.scrape()).endsWith("""
                promless_http_requests_total{handler="/api/v1/labels",code="200"} 1
                promless_http_requests_total{handler="/api/v1/query",code="400"} 3
                """);
    }

    @Test
    void histogramCountsCumulativeBucketsWithDefaultBounds() {
        MetricRegistry registry = new MetricRegistry();
        Histogram durations = registry.histogram("promless_http_request_duration_seconds", "Time to answer HTTP requests.");
        durations.observe(0.005);              // on a bound: counts in that bucket ("le")
        durations.observe(Duration.ofMillis(30));
        durations.observe(0.7);
        durations.observe(11);                 // above every bound: only +Inf

        assertThat(registry.scrape()).isEqualTo("""
                # HELP promless_http_request_duration_seconds Time to answer HTTP requests.
                # TYPE promless_http_request_duration_seconds histogram
                promless_http_request_duration_seconds_bucket{le="0.005"} 1
                promless_http_request_duration_seconds_bucket{le="0.01"} 1
                promless_http_request_duration_seconds_bucket{le="0.025"} 1
                promless_http_request_duration_seconds_bucket{le="0.05"} 2
                promless_http_request_duration_seconds_bucket{le="0.1"} 2
                promless_http_request_duration_seconds_bucket{le="0.25"} 2
                promless_http_request_duration_seconds_bucket{le="0.5"} 2
                promless_http_request_duration_seconds_bucket{le="1"} 3
                promless_http_request_duration_seconds_bucket{le="2.5"} 3
                promless_http_request_duration_seconds_bucket{le="5"} 3
                promless_http_request_duration_seconds_bucket{le="10"} 3
                promless_http_request_duration_seconds_bucket{le="+Inf"} 4
                promless_http_request_duration_seconds_sum 11.735
                promless_http_request_duration_seconds_count 4
                """);
        assertThat(durations.count()).isEqualTo(4);
    }

    @Test
    void labelledHistogramPutsLeAfterItsOwnLabels() {
        MetricRegistry registry = new MetricRegistry();
        HistogramFamily family = registry.histogramFamily(
                "promless_scrape_duration_seconds", "Scrape time.", List.of(0.5, 1.0), "job");
        family.labels("node").observe(0.75);

        assertThat(registry.scrape()).contains("""
                promless_scrape_duration_seconds_bucket{job="node",le="0.5"} 0
                promless_scrape_duration_seconds_bucket{job="node",le="1"} 1
                promless_scrape_duration_seconds_bucket{job="node",le="+Inf"} 1
                promless_scrape_duration_seconds_sum{job="node"} 0.75
                promless_scrape_duration_seconds_count{job="node"} 1
                """);
    }

    @Test
    void familiesWithoutSeriesAreNotWritten() {
        MetricRegistry registry = new MetricRegistry();
        registry.counterFamily("promless_errors_total", "Errors.", "kind");
        assertThat(registry.scrape()).isEmpty();
        assertThat(registry.collect()).singleElement().satisfies(family -> {
            assertThat(family.type()).isEqualTo(MetricType.COUNTER);
            assertThat(family.samples()).isEmpty();
        });
    }

    @Test
    void concurrentIncrementsAreAllCounted() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        Counter counter = registry.counter("promless_test_total", "Test.");
        Gauge gauge = registry.gauge("promless_test_gauge", "Test.");
        Histogram histogram = registry.histogram("promless_test_seconds", "Test.");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = Stream.<Future<?>>generate(() -> pool.submit(() -> {
                for (int i = 0; i < 10_000; i++) {
                    counter.inc();
                    gauge.add(1);
                    histogram.observe(0.1);
                }
            })).limit(4).toList();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counter.value()).isEqualTo(40_000.0);
        assertThat(gauge.value()).isEqualTo(40_000.0);
        assertThat(histogram.count()).isEqualTo(40_000);
    }

    static Stream<Arguments> badRegistrations() {
        return Stream.of(
                Arguments.of("counter without _total", (Consumer<MetricRegistry>) r -> r.counter("promless_samples", "h"), "must end in _total"),
                Arguments.of("invalid metric name", (Consumer<MetricRegistry>) r -> r.gauge("1bad", "h"), "invalid metric name"),
                Arguments.of("invalid label name", (Consumer<MetricRegistry>) r -> r.gaugeFamily("g", "h", "bad-name"), "invalid label name"),
                Arguments.of("reserved label prefix", (Consumer<MetricRegistry>) r -> r.gaugeFamily("g", "h", "__name__"), "invalid label name"),
                Arguments.of("duplicate label", (Consumer<MetricRegistry>) r -> r.gaugeFamily("g", "h", "a", "a"), "duplicate label name"),
                Arguments.of("le on a histogram", (Consumer<MetricRegistry>) r -> r.histogramFamily("h", "h", Histogram.DEFAULT_BUCKETS, "le"), "reserved"),
                Arguments.of("unsorted buckets", (Consumer<MetricRegistry>) r -> r.histogram("h", "h", List.of(1.0, 0.5)), "increase strictly"),
                Arguments.of("no finite bucket", (Consumer<MetricRegistry>) r -> r.histogram("h", "h", List.of(Double.POSITIVE_INFINITY)), "at least one"),
                Arguments.of("NaN bucket", (Consumer<MetricRegistry>) r -> r.histogram("h", "h", List.of(Double.NaN)), "not finite"),
                Arguments.of("empty help", (Consumer<MetricRegistry>) r -> r.gauge("g", " "), "help text is empty"),
                Arguments.of("same name twice", (Consumer<MetricRegistry>) r -> {
                    r.gauge("g", "h");
                    r.gauge("g", "h");
                }, "clashes"),
                Arguments.of("name of a histogram line", (Consumer<MetricRegistry>) r -> {
                    r.histogram("req_seconds", "h");
                    r.gauge("req_seconds_count", "h");
                }, "clashes"),
                Arguments.of("histogram over an existing line", (Consumer<MetricRegistry>) r -> {
                    r.gauge("req_seconds_sum", "h");
                    r.histogram("req_seconds", "h");
                }, "clashes"),
                Arguments.of("wrong label value count", (Consumer<MetricRegistry>) r -> r.counterFamily("c_total", "h", "a").labels("x", "y"), "got 2 values"),
                Arguments.of("same callback series twice", (Consumer<MetricRegistry>) r -> r.gaugeCallbacks("g", "h", "a")
                        .register(() -> 1, "x").register(() -> 2, "x"), "already has a series"),
                Arguments.of("negative counter increment", (Consumer<MetricRegistry>) r -> r.counter("c_total", "h").inc(-1), ">= 0"),
                Arguments.of("NaN counter increment", (Consumer<MetricRegistry>) r -> r.counter("c_total", "h").inc(Double.NaN), ">= 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRegistrations")
    void badUseFailsWithAClearMessage(String description, Consumer<MetricRegistry> action, String message) {
        assertThatThrownBy(() -> action.accept(new MetricRegistry()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void nullLabelValueIsRejected() {
        CounterFamily family = new MetricRegistry().counterFamily("c_total", "h", "a");
        assertThatThrownBy(() -> family.labels((String) null)).isInstanceOf(NullPointerException.class).hasMessageContaining("label value is null");
    }

    private static MetricFamilySnapshot single(MetricRegistry registry) {
        List<MetricFamilySnapshot> families = registry.collect();
        assertThat(families).hasSize(1);
        return families.get(0);
    }
}
