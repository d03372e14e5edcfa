package io.promless.rules;

import static java.util.Objects.requireNonNull;

import io.promless.rules.file.RuleFile;
import io.promless.rules.file.RuleFileParser;
import io.promless.storage.Queryable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * The rule groups of a server: loads the files that {@code rule_files} globs match and evaluates
 * each group when its next aligned evaluation time has come. {@link #evaluateDue} is driven by a
 * scheduler tick carrying the time; it never reads the clock. Thread-safe.
 */
public final class RuleManager {
    private final RuleGroup.Evaluation evaluation;
    private final Queryable restoreFrom;
    private final List<RuleGroup> groups;
    /** The last evaluation (or, before the first, the slot of the first tick); Long.MIN_VALUE until the first tick. */
    private final long[] lastSlot;
    private final boolean[] restorePending;
    private final LongAdder evaluations = new LongAdder();
    private final LongAdder evaluationFailures = new LongAdder();

    /** A manager that starts with fresh alert state (no restoring). */
    public RuleManager(List<RuleGroup> groups, RuleGroup.Evaluation evaluation) {
        this(groups, evaluation, null);
    }

    /**
     * @param restoreFrom where ALERTS_FOR_STATE of an earlier run can be read, to restore alerts'
     *     activeAt after the first evaluation of each group as Prometheus does; null to start fresh
     */
    public RuleManager(List<RuleGroup> groups, RuleGroup.Evaluation evaluation, Queryable restoreFrom) {
        this.groups = List.copyOf(groups);
        this.evaluation = requireNonNull(evaluation, "evaluation is null");
        this.restoreFrom = restoreFrom;
        this.lastSlot = new long[this.groups.size()];
        Arrays.fill(lastSlot, Long.MIN_VALUE);
        this.restorePending = new boolean[this.groups.size()];
        if (restoreFrom != null) {
            Arrays.fill(restorePending, true);
            this.groups.forEach(RuleGroup::awaitRestoration);
        }
    }

    /** Loads every file the patterns match (sorted, as Prometheus's glob returns them); a pattern matching nothing is not an error. */
    public static List<RuleGroup> load(List<String> patterns, RuleFileParser parser, Duration defaultInterval,
            Duration defaultQueryOffset) {
        List<RuleGroup> groups = new ArrayList<>();
        for (String pattern : patterns) {
            for (Path file : glob(pattern)) {
                RuleFile ruleFile = parser.load(file);
                groups.addAll(RuleGroups.of(ruleFile, defaultInterval, defaultQueryOffset));
            }
        }
        return groups;
    }

    public List<RuleGroup> groups() {
        return groups;
    }

    /**
     * Evaluates every group whose next evaluation timestamp is at or before {@code nowMillis}. The
     * first call only schedules: like Prometheus, a group first runs at its next aligned time.
     */
    public synchronized void evaluateDue(long nowMillis) {
        for (int i = 0; i < groups.size(); i++) {
            RuleGroup group = groups.get(i);
            long aligned = group.evaluationTimestamp(nowMillis);
            if (lastSlot[i] == Long.MIN_VALUE) {
                lastSlot[i] = aligned;
                continue;
            }
            if (aligned <= lastSlot[i]) {
                continue;
            }
            // After a stall, evaluate once at the latest aligned time instead of replaying missed ones.
            lastSlot[i] = aligned;
            group.evaluate(aligned, evaluation);
            if (restorePending[i]) {
                restorePending[i] = false;
                group.restoreForState(aligned, restoreFrom, RuleGroup.DEFAULT_OUTAGE_TOLERANCE, RuleGroup.DEFAULT_FOR_GRACE_PERIOD);
            }
            evaluations.increment();
            if (group.status().rules().stream().anyMatch(rule -> rule.health() == RuleHealth.ERR)) {
                evaluationFailures.increment();
            }
        }
    }

    /** Group evaluations run so far. */
    public long evaluations() {
        return evaluations.sum();
    }

    /** Group evaluations in which at least one rule failed. */
    public long evaluationFailures() {
        return evaluationFailures.sum();
    }

    /** Every group's status, sorted by file and then group name as Prometheus lists them. */
    public List<GroupStatus> status() {
        return groups.stream().map(RuleGroup::status)
                .sorted(Comparator.comparing(GroupStatus::file).thenComparing(GroupStatus::name))
                .toList();
    }

    /** The files a glob matches, sorted; a pattern without wildcards names one file, which must exist. */
    static List<Path> glob(String pattern) {
        if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[")) {
            Path file = Path.of(pattern);
            if (!Files.isRegularFile(file)) {
                return List.of();
            }
            return List.of(file);
        }
        Path whole = Path.of(pattern);
        Path base = whole.isAbsolute() ? whole.getRoot() : Path.of("");
        int depth = 0;
        boolean wildcardSeen = false;
        for (Path part : whole) {
            String text = part.toString();
            if (!wildcardSeen && !text.contains("*") && !text.contains("?") && !text.contains("[")) {
                base = base.resolve(text);
            } else {
                wildcardSeen = true;
                depth++;
            }
        }
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + whole.toString().replace("\\", "\\\\"));
        TreeSet<Path> matches = new TreeSet<>();
        try (Stream<Path> paths = Files.walk(base, depth)) {
            paths.filter(Files::isRegularFile).filter(matcher::matches).forEach(matches::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base, e);
        }
        return List.copyOf(matches);
    }
}
