package io.promless.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The OpenMetrics parser suite (prometheus/OpenMetrics tests/testdata/parsers): every case is fed
 * whole to the strict parser and must be accepted exactly when its test.json says shouldParse.
 */
class OpenMetricsConformanceTest {
    private record Case(String name, boolean shouldParse, byte[] body) {}

    private record Outcome(Case testCase, String error) {
        boolean parsed() {
            return error == null;
        }

        boolean correct() {
            return parsed() == testCase.shouldParse();
        }
    }

    private static List<Case> cases() throws IOException {
        Path root = Conformance.directory("openmetrics");
        JsonNode manifest = new ObjectMapper().readTree(root.resolve("manifest.json").toFile());
        List<Case> cases = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : manifest.get("cases").properties()) {
            Path caseDirectory = root.resolve("testdata/parsers").resolve(entry.getKey());
            JsonNode testJson = new ObjectMapper().readTree(caseDirectory.resolve("test.json").toFile());
            boolean shouldParse = testJson.get("shouldParse").asBoolean();
            assertThat(shouldParse).as("manifest and test.json agree for %s", entry.getKey())
                    .isEqualTo(entry.getValue().get("shouldParse").asBoolean());
            byte[] body = Files.readAllBytes(caseDirectory.resolve(testJson.get("file").asText()));
            cases.add(new Case(entry.getKey(), shouldParse, body));
        }
        assertThat(cases).as("cases in manifest.json").hasSize(211);
        return cases;
    }

    private static Outcome run(ExpositionParser parser, Case testCase) {
        try {
            parser.parse(testCase.body(), new RecordingHandler());
            return new Outcome(testCase, null);
        } catch (ExpositionException e) {
            return new Outcome(testCase, e.getMessage());
        }
    }

    @TestFactory
    Stream<DynamicTest> strictParserClassifiesEveryCase() throws IOException {
        List<Outcome> outcomes = cases().stream().map(c -> run(OpenMetricsParser.strict(), c)).toList();
        long valid = outcomes.stream().filter(o -> o.testCase().shouldParse()).count();
        long validCorrect = outcomes.stream().filter(o -> o.testCase().shouldParse() && o.correct()).count();
        long invalid = outcomes.size() - valid;
        long invalidCorrect = outcomes.stream().filter(o -> !o.testCase().shouldParse() && o.correct()).count();
        System.out.printf("OpenMetrics conformance: %d/%d cases classified correctly (%d/%d valid, %d/%d invalid)%n",
                validCorrect + invalidCorrect, outcomes.size(), validCorrect, valid, invalidCorrect, invalid);
        return outcomes.stream().map(outcome -> DynamicTest.dynamicTest(outcome.testCase().name(), () -> {
            if (outcome.testCase().shouldParse()) {
                assertThat(outcome.error()).as("%s must parse", outcome.testCase().name()).isNull();
            } else {
                assertThat(outcome.parsed()).as("%s must be rejected", outcome.testCase().name()).isFalse();
            }
        }));
    }

    /** What the specification accepts, the Prometheus-compatible parser must accept too. */
    @TestFactory
    Stream<DynamicTest> prometheusCompatibleParserAcceptsEveryValidCase() throws IOException {
        List<Outcome> outcomes = cases().stream()
                .map(c -> run(OpenMetricsParser.prometheusCompatible(), c))
                .toList();
        long rejectedInvalid = outcomes.stream().filter(o -> !o.testCase().shouldParse() && !o.parsed()).count();
        long invalid = outcomes.stream().filter(o -> !o.testCase().shouldParse()).count();
        System.out.printf("OpenMetrics conformance (Prometheus-compatible parser, grammar only): rejects %d/%d invalid cases%n",
                rejectedInvalid, invalid);
        return outcomes.stream()
                .filter(o -> o.testCase().shouldParse())
                .map(outcome -> DynamicTest.dynamicTest(outcome.testCase().name(), () ->
                        assertThat(outcome.error()).as("%s must parse", outcome.testCase().name()).isNull()));
    }
}
