package io.promless.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.promless.storage.Series;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential test: Prometheus itself (Debian's prometheus 2.42) and Promless, loaded
 * with the same generated data, answer every corpus query as instant and as range queries over
 * HTTP; one dynamic test per (query, mode) fails with a short diff when the answers differ.
 * Without the prometheus and promtool programs every test here fails (it never skips).
 */
class DifferentialTest {
    @TempDir
    static Path workDirectory;

    private static DifferentialEnvironment environment;
    private static final List<CorpusQuery> CORPUS = QueryCorpus.load();
    private static final DifferentialSummary SUMMARY = new DifferentialSummary(QueryCorpus.classes(CORPUS));

    @BeforeAll
    static void startBothServers() {
        environment = DifferentialEnvironment.start(DataGenerator.defaultDataset(), workDirectory,
                PromlessEngine.engine(), PromlessEngine.selectorParser());
    }

    @AfterAll
    static void printSummaryAndStop() {
        if (SUMMARY.total() > 0) {
            StringBuilder report = new StringBuilder(SUMMARY.format());
            List<CheckResult> failures = SUMMARY.failures();
            if (!failures.isEmpty()) {
                report.append("\nFailing (query, mode):");
                failures.forEach(failure -> report.append("\n- ").append(failure.describe().replace("\n", "\n  ")));
            }
            System.out.println(report);
        }
        if (environment != null) {
            environment.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> corpus() {
        DifferentialRunner runner = environment.runner();
        List<DynamicNode> classes = new ArrayList<>();
        for (String queryClass : QueryCorpus.classes(CORPUS)) {
            List<DynamicNode> tests = new ArrayList<>();
            for (CorpusQuery query : CORPUS) {
                if (!query.queryClass().equals(queryClass)) {
                    continue;
                }
                for (QueryMode mode : QueryMode.values()) {
                    tests.add(DynamicTest.dynamicTest(mode.label() + ": " + query.query(), () -> {
                        CheckResult result = runner.check(query, mode);
                        SUMMARY.add(result);
                        if (!result.passed()) {
                            fail("Prometheus and Promless differ: " + result.describe());
                        }
                    }));
                }
            }
            classes.add(DynamicContainer.dynamicContainer(queryClass, tests));
        }
        return classes.stream();
    }

    /** Both servers hold exactly the generated samples: every timestamp and value survived loading. */
    @Test
    void bothServersHoldExactlyTheGeneratedSamples() {
        Dataset dataset = environment.dataset();
        List<QueryOutcome.ResultSeries> expected = new ArrayList<>();
        for (Series series : dataset.allSeries()) {
            List<QueryOutcome.Point> points = new ArrayList<>();
            for (int i = 0; i < series.size(); i++) {
                points.add(new QueryOutcome.Point(series.timestamps()[i], OpenMetricsWriter.formatValue(series.values()[i])));
            }
            expected.add(new QueryOutcome.ResultSeries(series.labels().toMap(), points));
        }
        QueryOutcome generated = QueryOutcome.success("matrix", expected);
        QueryRequest everything = new QueryRequest.Instant("{__name__=~\".+\"}[4h]", dataset.endMillis() + 1000);
        assertThat(ResultComparator.compare(generated, environment.prometheusClient().run(everything), false))
                .as("Prometheus's samples vs the generated ones").isEmpty();
        assertThat(ResultComparator.compare(generated, environment.promlessClient().run(everything), false))
                .as("Promless's samples vs the generated ones").isEmpty();
        assertThat(generated.series()).hasSize(dataset.seriesCount());
        assertThat(expected.get(0).labels()).isEqualTo(Map.copyOf(dataset.allSeries().get(0).labels().toMap()));
    }
}
