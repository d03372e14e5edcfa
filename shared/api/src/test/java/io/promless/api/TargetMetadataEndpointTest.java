package io.promless.api;

import static io.promless.api.PrometheusApiTest.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import io.promless.model.labels.Labels;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TargetMetadataEndpointTest {
    private static final Labels NODE = Labels.of("instance", "h1:9100", "job", "node");
    private static final Labels APP = Labels.of("instance", "h2:8080", "job", "app");
    private static final String NODE_JSON = "{\"instance\":\"h1:9100\",\"job\":\"node\"}";
    private static final String APP_JSON = "{\"instance\":\"h2:8080\",\"job\":\"app\"}";

    private final AtomicInteger metadataReads = new AtomicInteger();
    private final PrometheusApi api = PrometheusApi.builder(new RecordingQueryEngine(), new InMemoryQueryable(List.of()),
                    new FakeSelectorParser(), InstantSource.fixed(Instant.EPOCH))
            .targetMetadata(() -> List.of(
                    target(APP, new MetricMetadata("http_requests", MetricType.COUNTER, "Requests.", "")),
                    target(NODE, new MetricMetadata("node_cpu_seconds", MetricType.COUNTER, "CPU \"time\".", "seconds"),
                            new MetricMetadata("node_load1", MetricType.GAUGE, "Load.", ""))))
            .build();

    private TargetMetadataView.Target target(Labels labels, MetricMetadata... metadata) {
        return new TargetMetadataView.Target(labels, () -> {
            metadataReads.incrementAndGet();
            return List.of(metadata);
        });
    }

    static Stream<Arguments> queries() {
        String http = "{\"target\":" + APP_JSON + ",\"metric\":\"http_requests\",\"type\":\"counter\",\"help\":\"Requests.\",\"unit\":\"\"}";
        String cpu = "{\"target\":" + NODE_JSON
                + ",\"metric\":\"node_cpu_seconds\",\"type\":\"counter\",\"help\":\"CPU \\\"time\\\".\",\"unit\":\"seconds\"}";
        String load = "{\"target\":" + NODE_JSON + ",\"metric\":\"node_load1\",\"type\":\"gauge\",\"help\":\"Load.\",\"unit\":\"\"}";
        return Stream.of(
                Arguments.of("", "[" + http + "," + cpu + "," + load + "]"),
                Arguments.of("?match_target={job=\"node\"}", "[" + cpu + "," + load + "]"),
                Arguments.of("?metric=node_load1",
                        "[{\"target\":" + NODE_JSON + ",\"type\":\"gauge\",\"help\":\"Load.\",\"unit\":\"\"}]"),
                // The limit is checked before each target: the node's two entries stay together.
                Arguments.of("?limit=2", "[" + http + "," + cpu + "," + load + "]"),
                Arguments.of("?limit=1", "[" + http + "]"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("queries")
    void answersInPrometheusShape(String query, String data) {
        ApiResponse response = api.handle(get("/api/v1/targets/metadata" + query));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("{\"status\":\"success\",\"data\":" + data + "}");
    }

    @Test
    void readsMetadataOnlyOfMatchingTargets() {
        api.handle(get("/api/v1/targets/metadata?match_target={job=\"app\"}"));

        assertThat(metadataReads).hasValue(1);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("?metric=nothing", 404, "not_found", "specified metadata not found"),
                Arguments.of("?match_target={job=\"none\"}", 404, "not_found", "specified metadata not found"),
                Arguments.of("?limit=x", 400, "bad_data", "limit must be a number"),
                Arguments.of("?match_target={job=", 400, "bad_data", "1:6: parse error: unexpected end of input inside braces"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void refusesWhatPrometheusRefuses(String query, int status, String type, String message) {
        ApiResponse response = api.handle(get("/api/v1/targets/metadata" + query));

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.bodyText())
                .isEqualTo("{\"status\":\"error\",\"errorType\":\"" + type + "\",\"error\":\"" + message + "\"}");
    }

    @Test
    void aServerWithoutTargetsFindsNothing() {
        PrometheusApi bare = new PrometheusApi(new RecordingQueryEngine(), new InMemoryQueryable(List.of()),
                new FakeSelectorParser(), InstantSource.fixed(Instant.EPOCH));

        assertThat(bare.handle(get("/api/v1/targets/metadata")).status()).isEqualTo(404);
    }
}
