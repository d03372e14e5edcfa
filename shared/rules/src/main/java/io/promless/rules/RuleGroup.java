package io.promless.rules;

import static java.util.Objects.requireNonNull;

import io.promless.errors.PromlessException;
import io.promless.model.StaleMarker;
import io.promless.model.labels.Labels;
import io.promless.promql.value.ScalarValue;
import io.promless.promql.value.Value;
import io.promless.promql.value.VectorSample;
import io.promless.promql.value.VectorValue;
import io.promless.rules.template.TemplateException;
import io.promless.rules.template.TemplateFunctions;
import io.promless.rules.template.TemplateStruct;
import io.promless.storage.Appendable;
import io.promless.storage.Appender;
import io.promless.storage.Queryable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A rule group and its evaluation, as Prometheus evaluates one: rules run in file order at one
 * evaluation timestamp; each rule's output is committed before the next rule runs (so later rules
 * see it); series that a rule produced last time and not this time get a stale marker; alerts due
 * for notification go to the {@link AlertSink}. The evaluation time is always an argument.
 * Thread-safe: evaluations and status reads are serialized on the group.
 */
public final class RuleGroup {
    private static final Logger LOG = Logger.getLogger(RuleGroup.class.getName());
    /** Prometheus's default --rules.alert.resend-delay. */
    public static final Duration DEFAULT_RESEND_DELAY = Duration.ofMinutes(1);
    /** Prometheus's default --rules.alert.for-outage-tolerance. */
    public static final Duration DEFAULT_OUTAGE_TOLERANCE = Duration.ofHours(1);
    /** Prometheus's default --rules.alert.for-grace-period. */
    public static final Duration DEFAULT_FOR_GRACE_PERIOD = Duration.ofMinutes(10);

    private final String name;
    private final String file;
    private final Duration interval;
    private final Duration queryOffset;
    private final int limit;
    private final List<Rule> rules;
    private final List<Set<Labels>> previousOutput = new ArrayList<>();
    private long lastEvaluation;
    private long evaluationNanos;

    public RuleGroup(String name, String file, Duration interval, Duration queryOffset, int limit, List<Rule> rules) {
        this.name = requireNonNull(name, "name is null");
        this.file = requireNonNull(file, "file is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.queryOffset = requireNonNull(queryOffset, "queryOffset is null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.limit = limit;
        this.rules = List.copyOf(rules);
        for (int i = 0; i < this.rules.size(); i++) {
            previousOutput.add(Set.of());
        }
    }

    /** The settings one evaluation needs besides the time: where to read, write and notify. */
    public record Evaluation(
            RuleQuery query,
            Appendable storage,
            AlertSink alerts,
            AlertingRule.TemplateContext templates,
            Duration resendDelay,
            LongSupplier nanoClock) {
        public Evaluation {
            requireNonNull(query, "query is null");
            requireNonNull(storage, "storage is null");
            requireNonNull(alerts, "alerts is null");
            requireNonNull(templates, "templates is null");
            requireNonNull(resendDelay, "resendDelay is null");
            requireNonNull(nanoClock, "nanoClock is null");
        }
    }

    public String name() {
        return name;
    }

    public String file() {
        return file;
    }

    public Duration interval() {
        return interval;
    }

    public Duration queryOffset() {
        return queryOffset;
    }

    public int limit() {
        return limit;
    }

    /** Identifies the group across files, as Prometheus's group key does. */
    public String key() {
        return file + ";" + name;
    }

    /**
     * The evaluation timestamp for a wall-clock time: the latest multiple of the interval, shifted by
     * a per-group offset (the hash of the group's file and name, as Prometheus's) so that groups
     * spread over the interval.
     */
    public long evaluationTimestamp(long timeMillis) {
        // In nanoseconds, as Prometheus computes it, so both pick the same instants for a group.
        long intervalNanos = interval.toNanos();
        long offset = Long.remainderUnsigned(XxHash64.ofLabelPairs("file", file, "name", name), intervalNanos);
        long adjusted = Math.multiplyExact(timeMillis, 1_000_000L) - offset;
        long aligned = adjusted - Math.floorMod(adjusted, intervalNanos) + offset;
        return Math.floorDiv(aligned, 1_000_000L);
    }

    /** Evaluates every rule at {@code timestamp} (epoch ms). Rule errors are recorded per rule, never thrown. */
    public synchronized void evaluate(long timestamp, Evaluation evaluation) {
        long groupStart = evaluation.nanoClock().getAsLong();
        long queryTime = timestamp - queryOffset.toMillis();
        TemplateFunctions functions = new TemplateFunctions(
                (expr, time) -> templateQuery(evaluation.query(), expr, time), evaluation.templates().externalUrl(), timestamp);
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            long ruleStart = evaluation.nanoClock().getAsLong();
            String error = "";
            try {
                List<Rule.Output> outputs = switch (rule) {
                    case RecordingRule recording -> recording.evaluate(evaluation.query(), queryTime, limit);
                    case AlertingRule alerting -> alerting.evaluate(evaluation.query(), timestamp, queryTime, limit,
                            evaluation.templates(), functions);
                };
                write(i, outputs, queryTime, evaluation.storage());
                if (rule instanceof AlertingRule alerting) {
                    List<Alert> due = alerting.alertsToSend(timestamp, evaluation.resendDelay(), interval);
                    if (!due.isEmpty()) {
                        evaluation.alerts().send(key(), due);
                    }
                }
            } catch (PromlessException e) {
                error = e.getMessage();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "rule " + rule.name() + " of group " + name + " failed", e);
                error = String.valueOf(e.getMessage());
            }
            rule.recordEvaluation(timestamp, evaluation.nanoClock().getAsLong() - ruleStart, error);
        }
        lastEvaluation = timestamp;
        evaluationNanos = evaluation.nanoClock().getAsLong() - groupStart;
    }

    /** Writes one rule's output, plus stale markers for the series it wrote last time and not now. */
    private void write(int ruleIndex, List<Rule.Output> outputs, long time, Appendable storage) {
        Set<Labels> current = new HashSet<>();
        Appender appender = storage.appender();
        try {
            for (Rule.Output output : outputs) {
                appender.append(output.labels(), time, output.value());
                current.add(output.labels());
            }
            for (Labels gone : previousOutput.get(ruleIndex)) {
                if (!current.contains(gone)) {
                    appender.append(gone, time, StaleMarker.VALUE);
                }
            }
            appender.commit();
        } catch (RuntimeException e) {
            appender.rollback();
            throw e;
        }
        previousOutput.set(ruleIndex, Set.copyOf(current));
    }

    /**
     * Prepares the group for {@link #restoreForState}: until it runs, alerting rules write no
     * ALERTS series, as Prometheus's do after a start.
     */
    public synchronized void awaitRestoration() {
        for (Rule rule : rules) {
            if (rule instanceof AlertingRule alerting) {
                alerting.awaitRestoration();
            }
        }
    }

    /**
     * After the first evaluation following a restart: restores the activeAt of active alerts from
     * their ALERTS_FOR_STATE series in {@code storage} (Prometheus's --rules.alert.for-outage-tolerance
     * and --rules.alert.for-grace-period).
     */
    public synchronized void restoreForState(long timestamp, Queryable storage, Duration outageTolerance, Duration gracePeriod) {
        for (Rule rule : rules) {
            if (rule instanceof AlertingRule alerting) {
                alerting.restoreForState(timestamp, storage, outageTolerance, gracePeriod);
            }
        }
    }

    /** Marks every series this group wrote as stale, as Prometheus does when a group is removed. */
    public synchronized void markAllStale(long timestamp, Appendable storage) {
        Appender appender = storage.appender();
        try {
            for (int i = 0; i < previousOutput.size(); i++) {
                for (Labels series : previousOutput.get(i)) {
                    appender.append(series, timestamp, StaleMarker.VALUE);
                }
                previousOutput.set(i, Set.of());
            }
            appender.commit();
        } catch (RuntimeException e) {
            appender.rollback();
            throw e;
        }
    }

    /** A consistent copy of the group's and its rules' state, for the API. */
    public synchronized GroupStatus status() {
        List<RuleStatus> statuses = new ArrayList<>();
        for (Rule rule : rules) {
            statuses.add(RuleStatus.of(rule));
        }
        return new GroupStatus(name, file, interval, queryOffset, limit, lastEvaluation, evaluationNanos, statuses);
    }

    /** Rules in file order; their state must be read through {@link #status()}. */
    public List<Rule> rules() {
        return rules;
    }

    private static List<TemplateStruct> templateQuery(RuleQuery query, String expr, long time) {
        Value value = query.query(expr, time);
        List<VectorSample> samples = switch (value) {
            case VectorValue vector -> vector.samples();
            case ScalarValue scalar -> List.of(new VectorSample(Labels.EMPTY, time, scalar.value()));
            default -> throw new TemplateException("query result is not a vector or scalar");
        };
        List<TemplateStruct> result = new ArrayList<>();
        for (VectorSample sample : samples) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("Labels", sample.labels().toMap());
            fields.put("Value", sample.value());
            result.add(new TemplateStruct(fields));
        }
        return result;
    }
}
