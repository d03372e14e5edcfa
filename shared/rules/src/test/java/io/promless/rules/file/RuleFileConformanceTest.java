package io.promless.rules.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promless.promql.engine.EngineOptions;
import io.promless.promql.engine.PromqlEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The upstream rule-file fixtures (conformance/rules, read-only): rulefmt's good files parse, its
 * bad files fail with upstream's error text; the manager fixtures and promtool's rule files load
 * or fail as expectations.json says. Prints the counts.
 */
class RuleFileConformanceTest {
    private static final AtomicInteger PASSED = new AtomicInteger();
    private static final AtomicInteger TOTAL = new AtomicInteger();

    static Path rulesDirectory() {
        return Path.of(System.getProperty("promless.shared.dir", "../../../shared"), "conformance", "rules");
    }

    static JsonNode expectations() throws IOException {
        return new ObjectMapper().readTree(rulesDirectory().resolve("expectations.json").toFile());
    }

    private static RuleFileParser parser(NameValidation validation, boolean experimental, boolean ignoreUnknownFields) {
        PromqlEngine engine = new PromqlEngine(EngineOptions.defaults().withExperimentalFunctions(experimental));
        return new RuleFileParser(engine::parse, validation, ignoreUnknownFields);
    }

    @TestFactory
    Stream<DynamicTest> rulefmtFixtures() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : expectations().get("rulefmt").properties()) {
            String file = entry.getKey();
            JsonNode expected = entry.getValue();
            NameValidation validation = expected.get("name_validation").asText().equals("legacy") ? NameValidation.LEGACY : NameValidation.UTF8;
            tests.add(DynamicTest.dynamicTest(file, () -> counted(() -> {
                Path path = rulesDirectory().resolve("rulefmt").resolve(file);
                if (expected.get("expect").asText().equals("ok")) {
                    assertThat(parser(validation, false, false).load(path).groups()).isNotEmpty();
                } else {
                    assertThatThrownBy(() -> parser(validation, false, false).load(path))
                            .isInstanceOf(RuleFileException.class)
                            .hasMessageContaining(expected.get("first_error_contains").asText())
                            .hasMessageContaining(path.toString());
                }
            })));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> managerFixtures() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : expectations().get("manager_fixtures").properties()) {
            String file = entry.getKey();
            boolean valid = entry.getValue().asText().startsWith("valid");
            tests.add(DynamicTest.dynamicTest(file, () -> counted(() -> {
                Path path = rulesDirectory().resolve("manager-fixtures").resolve(file);
                if (valid) {
                    RuleFile parsed = parser(NameValidation.UTF8, false, false).load(path);
                    assertThat(parsed.groups()).isNotEmpty();
                    if (file.equals("rules_multi_doc.yaml")) {
                        assertThat(parsed.groups()).hasSize(1);
                    }
                } else {
                    assertThatThrownBy(() -> parser(NameValidation.UTF8, false, false).load(path))
                            .hasMessageContaining("field unexpected_field not found");
                    assertThat(parser(NameValidation.UTF8, false, true).load(path).groups()).isNotEmpty();
                }
            })));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> promtoolRuleFiles() {
        Path directory = rulesDirectory().resolve("promtool");
        return Stream.of(
                DynamicTest.dynamicTest("rules.yml loads", () -> counted(() ->
                        assertThat(parser(NameValidation.UTF8, false, false).load(directory.resolve("rules.yml")).groups()).hasSize(2))),
                DynamicTest.dynamicTest("rules-bad.yml: $label is undefined", () -> counted(() ->
                        assertThatThrownBy(() -> parser(NameValidation.UTF8, false, false).load(directory.resolve("rules-bad.yml")))
                                .hasMessageContaining("undefined variable \"$label\""))),
                DynamicTest.dynamicTest("features.yml loads with experimental features", () -> counted(() ->
                        assertThat(parser(NameValidation.UTF8, true, false).load(directory.resolve("features.yml")).groups()).isNotEmpty())),
                DynamicTest.dynamicTest("rules_large.yml parses (10002 rules)", () -> counted(() ->
                        assertThat(parser(NameValidation.UTF8, false, false).load(directory.resolve("rules_large.yml")).groups()
                                .stream().mapToInt(group -> group.rules().size()).sum()).isEqualTo(10002))),
                DynamicTest.dynamicTest("rules_extrafields.yml needs ignore-unknown-fields", () -> counted(() -> {
                    assertThatThrownBy(() -> parser(NameValidation.UTF8, false, false).load(directory.resolve("rules_extrafields.yml")))
                            .hasMessageContaining("not found in type rulefmt.RuleGroup");
                    assertThat(parser(NameValidation.UTF8, false, true).load(directory.resolve("rules_extrafields.yml")).groups()).isNotEmpty();
                })),
                DynamicTest.dynamicTest("prometheus-rules.lint.yml loads", () -> counted(() ->
                        assertThat(parser(NameValidation.UTF8, false, false).load(directory.resolve("prometheus-rules.lint.yml")).groups())
                                .isNotEmpty())));
    }

    @Test
    void aliasesAndMergeKeysAreResolved() {
        RuleFile file = parser(NameValidation.UTF8, false, false).load(rulesDirectory().resolve("rulefmt").resolve("test_aliases.yaml"));
        List<RuleDefinition> rules = file.groups().get(0).rules();
        String expr = "sum without(instance) (rate(errors_total[5m]))\n/\nsum without(instance) (rate(requests_total[5m]))\n";
        assertThat(rules).allSatisfy(rule -> assertThat(rule.expr()).isEqualTo(expr));
        assertThat(rules.get(0).alert()).isEqualTo("HighAlert");
        assertThat(rules.get(0).labels()).containsEntry("severity", "critical");
        assertThat(rules.get(0).annotations()).containsEntry("description", "stuff's happening with {{ $.labels.service }}");
        assertThat(rules.get(1).record()).isEqualTo("new_metric");
        assertThat(rules.get(3).alert()).isEqualTo("HighAlert2");
        assertThat(rules.get(3).labels()).containsEntry("severity", "critical");
    }

    @Test
    void errorsNameTheLineAndTheRule() {
        assertThatThrownBy(() -> parser(NameValidation.UTF8, false, false).parse("r.yml",
                "groups:\n  - name: g\n    rules:\n      - record: ok\n        expr: 1\n      - alert: A\n        expr: 'sum('\n"))
                .hasMessageStartingWith("r.yml: 6: group \"g\", rule 2, \"A\": could not parse expression: ")
                .hasMessageContaining("parse error");
    }

    private static void counted(ThrowingRunnable body) throws Throwable {
        TOTAL.incrementAndGet();
        body.run();
        PASSED.incrementAndGet();
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Throwable;
    }

    @AfterAll
    static void printCounts() {
        System.out.printf("rule file conformance: passed %d of %d%n", PASSED.get(), TOTAL.get());
    }
}
