package io.promless.promql.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.promql.engine.EngineOptions;
import io.promless.promql.engine.PromqlEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every upstream PromQL test script under {@code conformance/promql/testdata} (read-only):
 * one dynamic test per eval, one printed line per file, then totals per class: stable float,
 * native histogram, experimental (classification from the directory's eval_index.tsv).
 * Unsupported cases fail; nothing is skipped.
 */
class PromqlConformanceTest {
    enum CaseClass {
        STABLE_FLOAT,
        NATIVE_HISTOGRAM,
        EXPERIMENTAL
    }

    private static final Map<String, int[]> PER_FILE = new ConcurrentHashMap<>();
    private static final Map<CaseClass, int[]> PER_CLASS = new ConcurrentHashMap<>();

    static Path conformanceDirectory() {
        String shared = System.getProperty("promless.shared.dir", "../../../shared");
        return Path.of(shared, "conformance", "promql");
    }

    @TestFactory
    Stream<DynamicNode> promqlTestScripts() throws IOException {
        Path directory = conformanceDirectory();
        Map<String, List<String>> tags = readTags(directory.resolve("eval_index.tsv"));
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory.resolve("testdata"))) {
            files = listing.filter(path -> path.toString().endsWith(".test")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        List<DynamicNode> containers = new ArrayList<>();
        for (Path file : files) {
            containers.add(fileContainer(file, tags));
        }
        return containers.stream();
    }

    private static DynamicContainer fileContainer(Path file, Map<String, List<String>> tags) throws IOException {
        String name = file.getFileName().toString();
        Script script = Script.parse(Files.readString(file, StandardCharsets.UTF_8));
        EngineOptions options = EngineOptions.defaults()
                .withExperimentalFunctions(true)
                .withDelayedNameRemoval(true)
                .withTimeout(Duration.ofSeconds(100));
        ScriptRunner runner = new ScriptRunner(new PromqlEngine(options));
        int evals = (int) script.commands().stream().filter(command -> command instanceof Script.Eval).count();
        int[] fileCounts = PER_FILE.computeIfAbsent(name, key -> new int[2]);
        List<DynamicTest> tests = new ArrayList<>();
        int[] remaining = {evals};
        // Commands must run in order, so loads and clears run inside the test of the eval that follows them.
        List<Script.Command> pending = new ArrayList<>();
        for (Script.Command command : script.commands()) {
            if (!(command instanceof Script.Eval eval)) {
                pending.add(command);
                continue;
            }
            List<Script.Command> setup = List.copyOf(pending);
            pending.clear();
            String key = name + ":" + eval.line();
            tests.add(DynamicTest.dynamicTest("line " + eval.line() + ": " + eval.query(), () -> {
                for (Script.Command step : setup) {
                    switch (step) {
                        case Script.Clear ignored -> runner.clear();
                        case Script.Load load -> runner.load(load);
                        case Script.Eval ignored -> throw new IllegalStateException("eval in setup");
                    }
                }
                CaseClass caseClass = classify(tags.getOrDefault(key, List.of()), runner.nativeHistogramsLoaded() || eval.expectsHistogram());
                String failure = runner.run(eval);
                record(name, caseClass, failure == null);
                if (--remaining[0] == 0) {
                    System.out.printf("%-28s passed %4d failed %4d%n", name, fileCounts[0], fileCounts[1]);
                }
                assertThat(failure).as(key + " " + eval.query()).isNull();
            }));
        }
        return DynamicContainer.dynamicContainer(name, tests);
    }

    private static CaseClass classify(List<String> tags, boolean histogramData) {
        if (histogramData || tags.contains("native_histograms") || tags.contains("nhcb_load")) {
            return CaseClass.NATIVE_HISTOGRAM;
        }
        for (String tag : tags) {
            if (!tag.equals("type_unit_labels")) {
                return CaseClass.EXPERIMENTAL;
            }
        }
        return CaseClass.STABLE_FLOAT;
    }

    private static synchronized void record(String file, CaseClass caseClass, boolean passed) {
        PER_FILE.computeIfAbsent(file, key -> new int[2])[passed ? 0 : 1]++;
        PER_CLASS.computeIfAbsent(caseClass, key -> new int[2])[passed ? 0 : 1]++;
    }

    private static Map<String, List<String>> readTags(Path index) throws IOException {
        Map<String, List<String>> tags = new HashMap<>();
        List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] columns = line.split("\t", -1);
            List<String> entry = columns[5].equals("-") ? List.of() : List.of(columns[5].split(","));
            tags.put(columns[0] + ":" + columns[1], entry);
        }
        return tags;
    }

    @AfterAll
    static void printTotals() {
        Map<CaseClass, int[]> sorted = new TreeMap<>(PER_CLASS);
        int passed = 0;
        int total = 0;
        for (Map.Entry<CaseClass, int[]> entry : sorted.entrySet()) {
            int[] counts = entry.getValue();
            System.out.printf("PromQL conformance %-16s passed %4d of %4d (%.1f%%)%n", entry.getKey(), counts[0],
                    counts[0] + counts[1], 100.0 * counts[0] / Math.max(1, counts[0] + counts[1]));
            passed += counts[0];
            total += counts[0] + counts[1];
        }
        System.out.printf("PromQL conformance total            passed %4d of %4d%n", passed, total);
    }
}
