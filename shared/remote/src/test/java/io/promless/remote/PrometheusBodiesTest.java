package io.promless.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.local.memory.InMemoryObjectStore;
import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import io.promless.ports.QueueMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decodes request bodies that a real Prometheus 2.42 sent (see the README next to them). */
class PrometheusBodiesTest {
    /** The headers Prometheus sent with them (headers.json). */
    private static final Map<String, String> PROMETHEUS_HEADERS = Map.of(
            "Content-Encoding", "snappy",
            "Content-Type", "application/x-protobuf",
            "X-Prometheus-Remote-Write-Version", "0.1.0");

    private final QueueMessageDecoder decoder = new QueueMessageDecoder(new InMemoryObjectStore());

    @Test
    void ourAttributesAreTheHeadersPrometheusSends() {
        assertThat(QueueAppendable.remoteWriteAttributes()).isEqualTo(PROMETHEUS_HEADERS);
    }

    @Test
    void decodesASampleRequest() {
        RemoteWriteRequest request = decoder.decode(message(resource("samples.snappy")));

        assertThat(request.timeseries()).hasSize(353);
        assertThat(request.sampleCount()).isEqualTo(353);
        assertThat(request.metadata()).isEmpty();
        assertThat(request.exemplarsSkipped()).isZero();
        for (RemoteTimeSeries series : request.timeseries()) {
            assertThat(series.labelsValidUtf8()).isTrue();
            assertThat(series.labelNames()[0]).isEqualTo("__name__");
            assertThat(series.labelNames()).isSorted().contains("instance", "job");
            assertThat(series.timestamps()).containsExactly(1_795_677_818_518L);
        }
        RemoteTimeSeries up = request.timeseries().stream()
                .filter(series -> series.labelValues()[0].equals("up")).findFirst().orElseThrow();
        assertThat(up.labelNames()).containsExactly("__name__", "instance", "job");
        assertThat(up.labelValues()).containsExactly("up", "127.0.0.1:19391", "prometheus");
        assertThat(up.values()).containsExactly(1.0);
        RemoteTimeSeries buildInfo = request.timeseries().stream()
                .filter(series -> series.labelValues()[0].equals("prometheus_build_info")).findFirst().orElseThrow();
        assertThat(buildInfo.labelValues()).contains("2.42.0+ds", "go1.19.8");
    }

    @Test
    void decodesAMetadataRequest() {
        RemoteWriteRequest request = decoder.decode(message(resource("metadata.snappy")));

        assertThat(request.timeseries()).isEmpty();
        assertThat(request.metadata()).hasSize(191);
        assertThat(request.metadata()).contains(
                new MetricMetadata("go_gc_duration_seconds", MetricType.SUMMARY,
                        "A summary of the pause duration of garbage collection cycles.", ""),
                new MetricMetadata("prometheus_target_scrape_pool_reloads_total", MetricType.COUNTER,
                        "Total number of scrape pool reloads.", ""));
        assertThat(request.metadata()).extracting(MetricMetadata::type)
                .contains(MetricType.COUNTER, MetricType.GAUGE, MetricType.SUMMARY, MetricType.HISTOGRAM);
    }

    @Test
    void reencodingWhatPrometheusSentDecodesToTheSameRequest() throws Exception {
        RemoteWriteRequest original = decoder.decode(message(resource("samples.snappy")));
        RemoteWriteRequest again = RemoteWriteDecoder.decode(RemoteWriteEncoder.encode(original));
        assertThat(again.timeseries()).hasSameSizeAs(original.timeseries());
        for (int i = 0; i < original.timeseries().size(); i++) {
            RemoteTimeSeries expected = original.timeseries().get(i);
            RemoteTimeSeries actual = again.timeseries().get(i);
            assertThat(actual.labelNames()).containsExactly(expected.labelNames());
            assertThat(actual.labelValues()).containsExactly(expected.labelValues());
            assertThat(actual.timestamps()).containsExactly(expected.timestamps());
            assertThat(RemoteWriteCodecTest.bits(actual.values())).containsExactly(RemoteWriteCodecTest.bits(expected.values()));
        }
    }

    private static QueueMessage message(byte[] snappyBody) {
        return new QueueMessage("m-1", Base64.getEncoder().encodeToString(snappyBody), PROMETHEUS_HEADERS, "r-1");
    }

    static byte[] resource(String name) {
        try (InputStream in = PrometheusBodiesTest.class.getResourceAsStream("/prometheus-2.42/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
