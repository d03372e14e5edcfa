package io.promless.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.MetricMetadata;
import io.promless.model.labels.Labels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A quick look at parse speed on a scrape of about 10,000 lines (one target, one interval). It
 * prints figures and asserts only what was parsed, never how fast: timed tests are flaky.
 */
class ParserThroughputTest {
    private static final int SERIES = 1000;
    private static final String[] BOUNDS = {"0.005", "0.01", "0.05", "0.1", "0.5", "1", "5", "+Inf"};
    private static final int LINES_PER_SERIES = BOUNDS.length + 2;

    /** Counts without keeping anything, so the measure is the parser's own work. */
    private static final class CountingHandler implements ScrapeHandler {
        long samples;
        long labelPairs;

        @Override
        public void metadata(MetricMetadata metadata) {}

        @Override
        public void sample(Labels labels, double value, long timestampMillis) {
            samples++;
            labelPairs += labels.size();
        }
    }

    private static byte[] body(boolean openMetrics) {
        StringBuilder out = new StringBuilder();
        out.append("# HELP http_request_duration_seconds Request latency.\n");
        out.append("# TYPE http_request_duration_seconds histogram\n");
        for (int series = 0; series < SERIES; series++) {
            String labels = "handler=\"/api/v1/endpoint" + (series % 50) + "\",instance=\"10.0.0." + (series / 50)
                    + ":9100\",method=\"GET\",code=\"200\"";
            long cumulative = 0;
            for (int b = 0; b < BOUNDS.length; b++) {
                cumulative += series % 7 + b;
                out.append("http_request_duration_seconds_bucket{").append(labels).append(",le=\"").append(BOUNDS[b])
                        .append("\"} ").append(cumulative).append('\n');
            }
            out.append("http_request_duration_seconds_sum{").append(labels).append("} ").append(cumulative * 0.137).append('\n');
            out.append("http_request_duration_seconds_count{").append(labels).append("} ").append(cumulative).append('\n');
        }
        if (openMetrics) {
            out.append("# EOF\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void measure(String name, ExpositionParser parser, byte[] body) throws ExpositionException {
        int rounds = 10;
        CountingHandler warmup = new CountingHandler();
        for (int i = 0; i < rounds; i++) {
            parser.parse(body, warmup);
        }
        CountingHandler counted = new CountingHandler();
        long started = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            parser.parse(body, counted);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long lines = (long) SERIES * LINES_PER_SERIES * rounds;
        System.out.printf("%s: %,d lines/s, %.1f MB/s, %.2f ms per %d-line scrape%n", name, (long) (lines / seconds),
                body.length * (double) rounds / seconds / 1e6, seconds * 1000 / rounds, SERIES * LINES_PER_SERIES);

        assertThat(counted.samples).isEqualTo(lines);
        assertThat(counted.labelPairs).isEqualTo(rounds * (SERIES * (BOUNDS.length * 6L + 2 * 5L)));
    }

    @Test
    void parsesTenThousandLineScrapes() throws ExpositionException {
        measure("Prometheus text", new PrometheusTextParser(), body(false));
        measure("OpenMetrics (Prometheus-compatible)", OpenMetricsParser.prometheusCompatible(), body(true));
        measure("OpenMetrics (strict)", OpenMetricsParser.strict(), body(true));
    }
}
