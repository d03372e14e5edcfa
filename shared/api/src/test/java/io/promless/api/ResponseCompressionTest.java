package io.promless.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.labels.Labels;
import io.promless.promql.value.VectorSample;
import io.promless.promql.value.VectorValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseCompressionTest {
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "gzip                 | true",
        "gzip, deflate, br    | true",
        "deflate, GZIP;q=0.5  | true",
        "br;q=1, gzip ; q=1.0 | true",
        "gzip;q=0             | false",
        "gzip;q=0.000         | false",
        "deflate              | false",
        "x-gzip               | false",
        "''                   | false",
    })
    void readsAcceptEncoding(String header, boolean accepted) {
        assertThat(ResponseCompression.acceptsGzip(header)).isEqualTo(accepted);
    }

    @Test
    void gzipsLargeApiAnswersForClientsThatAcceptIt() throws IOException {
        List<VectorSample> samples = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            samples.add(new VectorSample(Labels.of("__name__", "up", "instance", "host-" + i), 1000, i));
        }
        RecordingQueryEngine engine = new RecordingQueryEngine().answering(new VectorValue(samples));
        PrometheusApi api = new PrometheusApi(
                engine, new InMemoryQueryable(List.of()), new FakeSelectorParser(), InstantSource.system());
        ApiRequest plain = ApiRequest.of("GET", "/api/v1/query", Map.of("query", List.of("up")));
        ApiRequest gzip = new ApiRequest("GET", "/api/v1/query", Map.of("query", List.of("up")),
                Map.of("Accept-Encoding", List.of("gzip, deflate")), new byte[0]);

        ApiResponse uncompressed = api.handle(plain);
        ApiResponse compressed = api.handle(gzip);

        assertThat(uncompressed.headers()).doesNotContainKey("Content-Encoding");
        assertThat(compressed.headers()).containsEntry("Content-Encoding", "gzip").containsEntry("Vary", "Accept-Encoding");
        assertThat(compressed.body().length).isLessThan(uncompressed.body().length / 4);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(uncompressed.body());
        }
    }

    @Test
    void leavesSmallAnswersAlone() {
        ApiRequest request = new ApiRequest("GET", "/api/v1/labels", Map.of(),
                Map.of("Accept-Encoding", List.of("gzip")), new byte[0]);
        ApiResponse small = ApiResponses.success(generator -> generator.writeString("tiny"));

        assertThat(ResponseCompression.apply(request, small)).isSameAs(small);
    }
}
