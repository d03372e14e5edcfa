package io.promless.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import io.promless.storage.MetadataStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every {@link MetadataStore} owes /api/v1/metadata. Subclass it for each
 * implementation (in-memory, files, DynamoDB) and return a fresh, empty store from
 * {@link #newStore()}.
 */
public abstract class MetadataStoreContract {
    private static final MetricMetadata UP = new MetricMetadata("up", MetricType.GAUGE, "1 if the target is up.", "");
    private static final MetricMetadata REQUESTS =
            new MetricMetadata("http_requests", MetricType.COUNTER, "Requests served.", "");
    private static final MetricMetadata REQUESTS_RENAMED =
            new MetricMetadata("http_requests", MetricType.COUNTER, "Requests handled.", "");
    private static final MetricMetadata LATENCY =
            new MetricMetadata("latency_seconds", MetricType.HISTOGRAM, "Latency.", "seconds");

    /** A new, empty store; called once per test. */
    protected abstract MetadataStore newStore();

    @Test
    void anEmptyStoreKnowsNothing() {
        assertThat(newStore().get("", -1, -1)).isEmpty();
        assertThat(newStore().get("up", -1, -1)).isEmpty();
    }

    @Test
    void deduplicatesIdenticalEntriesAndKeepsDistinctOnesInOrderFirstSeen() {
        MetadataStore store = newStore();
        store.put(List.of(REQUESTS, UP, REQUESTS));
        store.put(List.of(REQUESTS_RENAMED, REQUESTS));
        store.put(List.of());

        assertThat(store.get("", -1, -1)).containsExactly(
                Map.entry("http_requests", List.of(REQUESTS, REQUESTS_RENAMED)),
                Map.entry("up", List.of(UP)));
    }

    static Stream<Arguments> limits() {
        return Stream.of(
                Arguments.of("", -1, -1, List.of("http_requests=2", "latency_seconds=1", "up=1")),
                Arguments.of("", 2, -1, List.of("http_requests=2", "latency_seconds=1")),
                Arguments.of("", 0, -1, List.of()),
                Arguments.of("", -5, 1, List.of("http_requests=1", "latency_seconds=1", "up=1")),
                Arguments.of("", 1, 0, List.of("http_requests=2")),
                Arguments.of("http_requests", -1, 1, List.of("http_requests=1")),
                Arguments.of("latency_seconds", 5, 5, List.of("latency_seconds=1")),
                Arguments.of("latency", -1, -1, List.of()),
                Arguments.of("up", 0, -1, List.of()));
    }

    @ParameterizedTest(name = "metric={0} limit={1} limitPerMetric={2}")
    @MethodSource("limits")
    void honoursMetricLimitAndLimitPerMetric(String metric, int limit, int limitPerMetric, List<String> expected) {
        MetadataStore store = newStore();
        store.put(List.of(UP, REQUESTS, LATENCY, REQUESTS_RENAMED));

        Map<String, List<MetricMetadata>> result = store.get(metric, limit, limitPerMetric);

        assertThat(result.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).toList())
                .isEqualTo(expected);
        if (limitPerMetric == 1 && result.containsKey("http_requests")) {
            assertThat(result.get("http_requests")).containsExactly(REQUESTS);
        }
    }

    @Test
    void concurrentPutsLoseNothing() throws Exception {
        MetadataStore store = newStore();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> writers = new ArrayList<>();
            for (int writer = 0; writer < 4; writer++) {
                int offset = writer * 50;
                writers.add(() -> {
                    for (int i = 0; i < 50; i++) {
                        store.put(List.of(new MetricMetadata("m" + (offset + i), MetricType.COUNTER, "help", "")));
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(writers)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.get("", -1, -1)).hasSize(200);
    }
}
