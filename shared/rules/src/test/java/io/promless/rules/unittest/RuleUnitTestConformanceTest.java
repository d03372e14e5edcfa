package io.promless.rules.unittest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code promtool test rules} case of conformance/rules/expectations.json with its
 * options and checks the exit code. Runs in its own surefire execution whose failures do not fail
 * the build (the pass rate is a reported figure); unsupported cases fail visibly and are counted.
 */
class RuleUnitTestConformanceTest {
    private static final AtomicInteger PASSED = new AtomicInteger();
    private static final AtomicInteger FAILED = new AtomicInteger();

    @TestFactory
    Stream<DynamicTest> promtoolTestRules() throws IOException {
        Path shared = Path.of(System.getProperty("promless.shared.dir", "../../../shared"));
        Path rules = shared.resolve("conformance").resolve("rules");
        JsonNode cases = new ObjectMapper().readTree(rules.resolve("expectations.json").toFile()).get("promtool_test_rules");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode testCase : cases) {
            String file = testCase.get("files").get(0).asText();
            JsonNode engine = testCase.path("engine");
            List<String> run = new ArrayList<>();
            testCase.path("run").forEach(pattern -> run.add(pattern.asText()));
            RuleTestRunner.Options options = new RuleTestRunner.Options(
                    engine.path("at_modifier").asBoolean(true),
                    engine.path("negative_offset").asBoolean(true),
                    testCase.path("ignore_unknown_fields").asBoolean(false),
                    run);
            int expectedExit = testCase.get("expect_exit_code").asInt();
            tests.add(DynamicTest.dynamicTest(file + " (" + testCase.get("name").asText() + ")", () -> {
                RuleTestRunner.Result result = new RuleTestRunner(options).run(rules.resolve("promtool").resolve(file));
                boolean passed = result.exitCode() == expectedExit;
                (passed ? PASSED : FAILED).incrementAndGet();
                System.out.printf("%-28s expected exit %d, got %d (%d of %d groups failed)%s%n", file, expectedExit, result.exitCode(),
                        result.groupsFailed(), result.groupsRun(),
                        (passed ? "" : "  FAILED") + (result.errors().isEmpty() ? "" : ": " + String.join(" | ", result.errors())));
                assertThat(result.exitCode()).as(String.join("\n", result.errors())).isEqualTo(expectedExit);
            }));
        }
        return tests.stream();
    }

    @AfterAll
    static void printCounts() {
        System.out.printf("promtool test rules conformance: passed %d, failed %d%n", PASSED.get(), FAILED.get());
    }
}
