package io.promless.api.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.api.ApiRequest;
import io.promless.api.ApiResponse;
import io.promless.model.labels.Labels;
import io.promless.ports.MessageQueue;
import io.promless.ports.ObjectStore;
import io.promless.ports.QueueMessage;
import io.promless.remote.QueueAppendableOptions;
import io.promless.remote.QueueMessageDecoder;
import io.promless.remote.RemoteTimeSeries;
import io.promless.remote.RemoteWriteEncoder;
import io.promless.remote.RemoteWriteForwarder;
import io.promless.remote.RemoteWriteRequest;
import io.promless.remote.Snappy;
import io.promless.storage.Series;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The receiver's status codes, with a queue fake that can fail. */
class RemoteWriteEndpointTest {
    private final FakeQueue queue = new FakeQueue();
    private final FakeObjectStore objects = new FakeObjectStore();
    private final RemoteWriteEndpoint endpoint =
            new RemoteWriteEndpoint(new RemoteWriteForwarder(queue, objects, QueueAppendableOptions.defaults()));

    private static final Map<String, List<String>> PROMETHEUS_HEADERS = Map.of(
            "Content-Type", List.of("application/x-protobuf"),
            "Content-Encoding", List.of("snappy"),
            "X-Prometheus-Remote-Write-Version", List.of("0.1.0"));

    static byte[] body() {
        Series series = new Series(Labels.of("__name__", "pushed_total", "job", "agent"), new long[] {1000, 2000},
                new double[] {1, 2});
        return Snappy.compress(RemoteWriteEncoder.encode(RemoteWriteRequest.of(List.of(RemoteTimeSeries.of(series)), List.of())));
    }

    private ApiResponse post(Map<String, List<String>> headers, byte[] body) {
        return endpoint.handle(new ApiRequest("POST", RemoteWriteEndpoint.PATH, Map.of(), headers, body));
    }

    @Test
    void aGoodRequestIsEnqueuedAsSentAndAnswered204() {
        byte[] body = body();
        ApiResponse response = post(PROMETHEUS_HEADERS, body);

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(queue.sent).singleElement().satisfies(message -> {
            QueueMessage received = new QueueMessage("1", message.getKey(), message.getValue(), "r");
            RemoteWriteRequest decoded = new QueueMessageDecoder(objects).decode(received);
            assertThat(decoded.sampleCount()).isEqualTo(2);
            assertThat(decoded.timeseries().get(0).labelValues()).containsExactly("pushed_total", "agent");
        });
    }

    @Test
    void headersAreOptionalAsForOldSenders() {
        assertThat(post(Map.of(), body()).status()).isEqualTo(204);
        assertThat(queue.sent).hasSize(1);
    }

    static Stream<Arguments> refused() {
        byte[] good = body();
        return Stream.of(
                Arguments.of("not snappy", PROMETHEUS_HEADERS, "garbage".getBytes(StandardCharsets.UTF_8), 400),
                Arguments.of("snappy, not protobuf", PROMETHEUS_HEADERS, Snappy.compress(new byte[] {(byte) 0xff, 1, 2}), 400),
                Arguments.of("gzip encoding", Map.of("Content-Encoding", List.of("gzip")), good, 415),
                Arguments.of("JSON", Map.of("Content-Type", List.of("application/json")), good, 415),
                Arguments.of("remote-write 2.0 message",
                        Map.of("Content-Type", List.of("application/x-protobuf;proto=io.prometheus.write.v2.Request")), good, 415));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("refused")
    void badRequestsAreRefusedWithPrometheusStatusCodes(String what, Map<String, List<String>> headers, byte[] body, int status) {
        ApiResponse response = post(headers, body);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers()).containsEntry("Content-Type", "text/plain; charset=utf-8");
        assertThat(response.bodyText()).isNotBlank().endsWith("\n");
        assertThat(queue.sent).isEmpty();
        assertThat(endpoint.forwarder().requestsRejected()).isEqualTo(1);
    }

    @Test
    void aFailingQueueAnswers500SoSendersRetry() {
        queue.failing = true;
        ApiResponse response = post(PROMETHEUS_HEADERS, body());

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.bodyText()).contains("queue is down");
        assertThat(endpoint.enqueueFailures()).isEqualTo(1);
    }

    @Test
    void otherMethodsAre405() {
        ApiResponse response = endpoint.handle(ApiRequest.of("GET", RemoteWriteEndpoint.PATH, Map.of()));
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.headers()).containsEntry("Allow", "POST");
    }

    private static final class FakeQueue implements MessageQueue {
        final List<Map.Entry<String, Map<String, String>>> sent = new ArrayList<>();
        boolean failing;

        @Override
        public synchronized String send(String body, Map<String, String> attributes) {
            if (failing) {
                throw new IllegalStateException("queue is down");
            }
            sent.add(Map.entry(body, Map.copyOf(attributes)));
            return "m" + sent.size();
        }

        @Override
        public int maxMessageBytes() {
            return 256 * 1024;
        }

        @Override
        public List<QueueMessage> receive(int max, Duration wait) {
            return List.of();
        }

        @Override
        public void acknowledge(QueueMessage message) {}

        @Override
        public long depth() {
            return sent.size();
        }
    }

    private static final class FakeObjectStore implements ObjectStore {
        private final Map<String, byte[]> objects = new HashMap<>();

        @Override
        public synchronized void put(String key, byte[] data) {
            objects.put(key, data.clone());
        }

        @Override
        public synchronized Optional<byte[]> get(String key) {
            return Optional.ofNullable(objects.get(key));
        }

        @Override
        public synchronized void delete(String key) {
            objects.remove(key);
        }

        @Override
        public synchronized List<String> list(String prefix) {
            return objects.keySet().stream().filter(key -> key.startsWith(prefix)).sorted().toList();
        }
    }
}
