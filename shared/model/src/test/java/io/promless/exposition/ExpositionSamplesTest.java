package io.promless.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import io.promless.model.labels.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The realistic scrape bodies of conformance/exposition: all must parse, with the counts upstream states. */
class ExpositionSamplesTest {
    private static final ExpositionParser TEXT = new PrometheusTextParser();

    private static byte[] read(String relative) throws IOException {
        return Files.readAllBytes(Conformance.directory("exposition").resolve(relative));
    }

    private static RecordingHandler parse(ExpositionParser parser, String relative) throws Exception {
        RecordingHandler handler = new RecordingHandler();
        parser.parse(read(relative), handler);
        return handler;
    }

    private static Set<String> familyNames(RecordingHandler handler) {
        return handler.metadata.stream().map(MetricMetadata::metricFamilyName).collect(Collectors.toSet());
    }

    @Test
    void commonExpfmtTextHas37FamiliesAnd248Samples() throws Exception {
        RecordingHandler handler = parse(TEXT, "common-expfmt/text");

        assertThat(handler.samples).hasSize(248);
        assertThat(familyNames(handler)).hasSize(37);
        assertThat(handler.metadata).allSatisfy(m -> {
            assertThat(m.help()).isNotEmpty();
            assertThat(m.type()).isIn(MetricType.COUNTER, MetricType.GAUGE, MetricType.SUMMARY);
        });
        // One family per HELP/TYPE pair: each is reported once, with both parts.
        assertThat(handler.metadata).hasSize(37);
    }

    @Test
    void alltypesTextWithAndWithoutMetadataHaveTheSame1857Samples() throws Exception {
        RecordingHandler withMetadata = parse(TEXT, "textparse/alltypes.237mfs.prom.txt");
        RecordingHandler withoutMetadata = parse(TEXT, "textparse/alltypes.237mfs.nometa.prom.txt");

        assertThat(withMetadata.samples).hasSize(1857);
        assertThat(familyNames(withMetadata)).hasSize(237);
        assertThat(withMetadata.metadata.stream().map(MetricMetadata::type).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(MetricType.COUNTER, MetricType.GAUGE, MetricType.HISTOGRAM, MetricType.SUMMARY);
        assertThat(withoutMetadata.samples).hasSize(1857);
        assertThat(withoutMetadata.metadata).isEmpty();
        // Without TYPE lines nothing is a histogram or summary, so le/quantile keep their spelling;
        // compare the series after the same normalization.
        assertThat(withoutMetadata.samples.stream().map(s -> s.value()).toList())
                .isEqualTo(withMetadata.samples.stream().map(s -> s.value()).toList());
    }

    @Test
    void alltypesOpenMetricsHas53SamplesAnd6Exemplars() throws Exception {
        RecordingHandler handler = parse(OpenMetricsParser.prometheusCompatible(), "textparse/alltypes.5mfs.om.txt");

        assertThat(handler.samples).hasSize(53);
        assertThat(handler.exemplars).hasSize(6);
        assertThat(handler.metadata).extracting(MetricMetadata::type).containsExactly(
                MetricType.GAUGE, MetricType.COUNTER, MetricType.HISTOGRAM, MetricType.SUMMARY, MetricType.COUNTER);
        long created = handler.samples.stream().filter(s -> s.labels().metricName().endsWith("_created")).count();
        assertThat(created).isEqualTo(2 + 1 + 3 + 3);
        RecordingHandler.RecordedExemplar first = handler.exemplars.get(0);
        assertThat(first.sampleLabels().get("le")).isEqualTo("-0.0002899999999999998");
        assertThat((Object) first.exemplar().labels()).isEqualTo(Labels.of("dummyID", "17783"));
        assertThat(first.exemplar().value()).isEqualTo(-0.0003825067330956884);
        assertThat(first.exemplar().timestampMillis()).isEqualTo((long) (1.7268398142239082e+09 * 1000));
    }

    /** client_golang writes a negative _sum beside negative buckets; the specification forbids both, so strict mode refuses. */
    @Test
    void strictModeRejectsTheNegativeHistogramSum() {
        assertThatThrownBy(() -> parse(OpenMetricsParser.strict(), "textparse/alltypes.5mfs.om.txt"))
                .isInstanceOf(ExpositionException.class)
                .hasMessageStartingWith("line 33: histogram _sum must not be NaN or negative");
    }

    @Test
    void oneHistogramOpenMetricsHas42SamplesInBothModes() throws Exception {
        for (OpenMetricsParser parser : List.of(OpenMetricsParser.strict(), OpenMetricsParser.prometheusCompatible())) {
            RecordingHandler handler = parse(parser, "textparse/1histogram.om.txt");
            assertThat(handler.samples).hasSize(42);
            assertThat(handler.samples.stream().map(s -> s.labels().withoutMetricName().toBuilder().remove("le").build())
                    .distinct()).hasSize(3);
            assertThat(handler.metadata).singleElement().satisfies(m -> {
                assertThat(m.type()).isEqualTo(MetricType.HISTOGRAM);
                assertThat(m.metricFamilyName()).isEqualTo("golang_manual_histogram_seconds");
            });
        }
    }

    @Test
    void promtoolMetricsHave27SeriesWithUpstreamCardinalities() throws Exception {
        RecordingHandler handler = parse(TEXT, "promtool/metrics-test.prom");

        List<String> families = handler.metadata.stream().map(MetricMetadata::metricFamilyName).toList();
        Map<String, Integer> cardinality = new LinkedHashMap<>();
        for (RecordingHandler.RecordedSample sample : handler.samples) {
            String name = sample.labels().metricName();
            String family = families.stream().filter(name::startsWith).max((a, b) -> a.length() - b.length()).orElseThrow();
            cardinality.merge(family, 1, Integer::sum);
        }
        assertThat(handler.samples).hasSize(27);
        assertThat(cardinality).containsExactlyInAnyOrderEntriesOf(Map.of(
                "prometheus_tsdb_compaction_chunk_size_bytes", 15,
                "go_gc_duration_seconds", 7,
                "net_conntrack_dialer_conn_attempted_total", 4,
                "go_info", 1));
        // Prometheus 3 normalizes summary quantiles and histogram bounds.
        assertThat(handler.samples.get(0).labels().get("quantile")).isEqualTo("0.0");
        assertThat(handler.samples.get(4).labels().get("quantile")).isEqualTo("1.0");
        assertThat(handler.samples.get(7).labels().get("le")).isEqualTo("32.0");
    }

    @Test
    void promtoolOpenMetricsDumpHasTheLoadedValuesAtOneMinuteSteps() throws Exception {
        for (OpenMetricsParser parser : List.of(OpenMetricsParser.strict(), OpenMetricsParser.prometheusCompatible())) {
            RecordingHandler handler = parse(parser, "promtool/dump-openmetrics-test.prom");
            assertThat(handler.samples).hasSize(10);
            List<RecordingHandler.RecordedSample> counter = handler.samples.subList(0, 5);
            assertThat(counter).extracting(RecordingHandler.RecordedSample::value).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0);
            assertThat(counter).extracting(RecordingHandler.RecordedSample::timestampMillis)
                    .containsExactly(0L, 60_000L, 120_000L, 180_000L, 240_000L);
            assertThat((Object) counter.get(0).labels()).isEqualTo(Labels.of("__name__", "my_counter", "foo", "bar", "baz", "abc"));
            assertThat(handler.samples.subList(5, 10)).extracting(RecordingHandler.RecordedSample::value)
                    .containsExactly(9.0, 8.0, 0.0, 4.0, 7.0);
        }
    }

    @Test
    void promtoolRoundtripDumpParses() throws Exception {
        for (OpenMetricsParser parser : List.of(OpenMetricsParser.strict(), OpenMetricsParser.prometheusCompatible())) {
            RecordingHandler handler = parse(parser, "promtool/dump-openmetrics-roundtrip-test.prom");
            assertThat(handler.samples).hasSize(14);
            assertThat(handler.samples.get(0).timestampMillis()).isEqualTo(1700215884373L);
            assertThat(handler.samples.get(0).value()).isEqualTo(1.0267820369e+10);
        }
    }

    /** The sample-file set is not a suite: every text-format file is covered above. */
    @Test
    void everyTextSampleFileIsCovered() throws IOException {
        try (var files = Files.walk(Conformance.directory("exposition"))) {
            List<String> names = files.filter(Files::isRegularFile).map(Path::getFileName).map(Path::toString)
                    .filter(n -> !n.equals("README.md") && !n.startsWith("protobuf")).sorted().toList();
            assertThat(names).containsExactly("1histogram.om.txt", "alltypes.237mfs.nometa.prom.txt",
                    "alltypes.237mfs.prom.txt", "alltypes.5mfs.om.txt", "dump-openmetrics-roundtrip-test.prom",
                    "dump-openmetrics-test.prom", "metrics-test.prom", "text");
        }
    }
}
