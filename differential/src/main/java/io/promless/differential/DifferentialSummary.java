package io.promless.differential;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Collects {@link CheckResult}s and prints {@code Differential: N/M passed} with counts per
 * query class and mode. Thread-safe.
 */
public final class DifferentialSummary {
    private final List<String> classOrder;
    private final ConcurrentLinkedQueue<CheckResult> results = new ConcurrentLinkedQueue<>();

    /** @param classOrder the classes in the order to print them (others follow) */
    public DifferentialSummary(List<String> classOrder) {
        this.classOrder = List.copyOf(requireNonNull(classOrder, "classOrder is null"));
    }

    public void add(CheckResult result) {
        results.add(requireNonNull(result, "result is null"));
    }

    public long passed() {
        return results.stream().filter(CheckResult::passed).count();
    }

    public int total() {
        return results.size();
    }

    public List<CheckResult> failures() {
        return results.stream().filter(result -> !result.passed()).toList();
    }

    public String format() {
        Map<String, int[]> counts = new LinkedHashMap<>();
        classOrder.forEach(name -> counts.put(name, new int[4]));
        for (CheckResult result : results) {
            int[] count = counts.computeIfAbsent(result.query().queryClass(), name -> new int[4]);
            int offset = result.mode() == QueryMode.INSTANT ? 0 : 2;
            count[offset + 1]++;
            if (result.passed()) {
                count[offset]++;
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("Differential: " + passed() + "/" + total() + " passed");
        counts.forEach((name, count) -> {
            if (count[1] + count[3] > 0) {
                lines.add(String.format("  %-18s %4d/%-4d (instant %d/%d, range %d/%d)", name,
                        count[0] + count[2], count[1] + count[3], count[0], count[1], count[2], count[3]));
            }
        });
        return String.join("\n", lines);
    }
}
