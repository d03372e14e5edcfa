package io.promless.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.storage.Series;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataGeneratorTest {
    private static final Dataset DATA = DataGenerator.defaultDataset();

    @Test
    void isDeterministicForASeed() throws IOException {
        Dataset again = DataGenerator.defaultDataset();
        assertThat(openMetrics(again)).isEqualTo(openMetrics(DATA));
        Dataset other = new DataGenerator(7, DataGenerator.DEFAULT_START_MILLIS, DataGenerator.DEFAULT_SPAN).generate();
        assertThat(openMetrics(other)).isNotEqualTo(openMetrics(DATA));
    }

    @Test
    void hasAFewHundredSeriesOverThreeHours() {
        assertThat(DATA.seriesCount()).isBetween(200, 400);
        assertThat(DATA.endMillis() - DATA.startMillis()).isBetween(Duration.ofMinutes(170).toMillis(), Duration.ofHours(3).toMillis());
        assertThat(DATA.families()).extracting(MetricFamily::type)
                .contains(FamilyType.COUNTER, FamilyType.GAUGE, FamilyType.HISTOGRAM);
    }

    @Test
    void timestampsAreNeverOnWholeSecondsAndStrictlyIncrease() {
        for (Series series : DATA.allSeries()) {
            long[] times = series.timestamps();
            assertThat(times).as(series.labels().toString()).isNotEmpty();
            for (int i = 0; i < times.length; i++) {
                assertThat(times[i] % 1000).as(series.labels() + " at " + times[i]).isNotZero();
                if (i > 0) {
                    assertThat(times[i]).isGreaterThan(times[i - 1]);
                }
            }
        }
    }

    @Test
    void countersResetAndSomeSeriesStartLateOrStopEarly() {
        long resets = DATA.allSeries().stream()
                .filter(series -> series.labels().metricName().endsWith("_total"))
                .mapToLong(DataGeneratorTest::resets).sum();
        assertThat(resets).isGreaterThan(5);
        long lateStarters = DATA.allSeries().stream()
                .filter(series -> series.timestamps()[0] > DATA.startMillis() + 60_000).count();
        long earlyStoppers = DATA.allSeries().stream()
                .filter(series -> series.timestamps()[series.size() - 1] < DATA.endMillis() - 10 * 60_000).count();
        assertThat(lateStarters).isGreaterThan(10);
        assertThat(earlyStoppers).isGreaterThan(10);
    }

    @Test
    void histogramBucketsAreCumulativeAndMatchTheCount() {
        MetricFamily histogram = DATA.families().stream()
                .filter(family -> family.type() == FamilyType.HISTOGRAM).findFirst().orElseThrow();
        List<Series> group = histogram.series().stream()
                .filter(series -> "api".equals(series.labels().get("job"))
                        && "10.0.0.1:9100".equals(series.labels().get("instance"))
                        && "/query".equals(series.labels().get("handler")))
                .toList();
        List<Series> buckets = group.stream().filter(series -> series.labels().has("le")).toList();
        Series count = group.stream().filter(series -> series.labels().metricName().endsWith("_count")).findFirst().orElseThrow();
        assertThat(buckets).hasSize(9);
        for (int i = 0; i < count.size(); i++) {
            for (int bucket = 1; bucket < buckets.size(); bucket++) {
                assertThat(buckets.get(bucket).values()[i]).isGreaterThanOrEqualTo(buckets.get(bucket - 1).values()[i]);
            }
            assertThat(buckets.get(buckets.size() - 1).values()[i]).isEqualTo(count.values()[i]);
        }
        assertThat(buckets.get(buckets.size() - 1).labels().get("le")).isEqualTo("+Inf");
    }

    @Test
    void writesOpenMetricsWithFamiliesSecondsAndEof() throws IOException {
        String text = openMetrics(DATA);
        assertThat(text).startsWith("# HELP http_requests Requests served.\n# TYPE http_requests counter\n");
        assertThat(text).contains("# TYPE request_duration_seconds histogram\n");
        assertThat(text).containsPattern("\nhttp_requests_total\\{[^}]*\\} [0-9.E]+ 1700000000\\.\\d{3}\n");
        assertThat(text).containsPattern("request_duration_seconds_bucket\\{[^}]*le=\"\\+Inf\"");
        assertThat(text).contains(" NaN ").contains(" +Inf ").contains(" -Inf ");
        assertThat(text).endsWith("\n# EOF\n");
    }

    @Test
    void formatsValuesAndTimestampsForGo() {
        assertThat(OpenMetricsWriter.formatValue(Double.NaN)).isEqualTo("NaN");
        assertThat(OpenMetricsWriter.formatValue(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(OpenMetricsWriter.formatValue(0.1)).isEqualTo("0.1");
        assertThat(OpenMetricsWriter.formatValue(1e9)).isEqualTo("1.0E9");
        assertThat(OpenMetricsWriter.formatTimestamp(1_700_000_000_005L)).isEqualTo("1700000000.005");
        assertThat(OpenMetricsWriter.formatTimestamp(1_700_000_000_120L)).isEqualTo("1700000000.120");
    }

    private static long resets(Series series) {
        long resets = 0;
        for (int i = 1; i < series.size(); i++) {
            if (series.values()[i] < series.values()[i - 1]) {
                resets++;
            }
        }
        return resets;
    }

    private static String openMetrics(Dataset dataset) throws IOException {
        StringWriter out = new StringWriter();
        OpenMetricsWriter.write(dataset, out);
        return out.toString();
    }
}
