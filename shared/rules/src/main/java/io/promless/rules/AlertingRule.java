package io.promless.rules;

import static java.util.Objects.requireNonNull;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.StaleMarker;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.promql.value.VectorSample;
import io.promless.rules.template.AlertTemplates;
import io.promless.rules.template.GoTemplate;
import io.promless.rules.template.TemplateException;
import io.promless.rules.template.TemplateFunctions;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alerting rule and its alerts. Each evaluation: every result sample is an active alert
 * (pending until {@code for} has passed since activeAt, then firing); an alert whose sample is
 * gone resolves (a pending one is dropped), unless keep_firing_for keeps it firing; resolved
 * alerts are kept for {@link #RESOLVED_RETENTION} so they can still be notified.
 */
public final class AlertingRule extends Rule {
    /** How long a resolved alert is kept for notification, as in Prometheus. */
    public static final Duration RESOLVED_RETENTION = Duration.ofMinutes(15);
    public static final String ALERTS_METRIC = "ALERTS";
    public static final String ALERTS_FOR_STATE_METRIC = "ALERTS_FOR_STATE";
    public static final String ALERT_NAME_LABEL = "alertname";
    public static final String ALERT_STATE_LABEL = "alertstate";

    private final Duration holdDuration;
    private final Duration keepFiringFor;
    private final Map<String, String> annotations;
    private final Map<Labels, MutableAlert> active = new LinkedHashMap<>();
    /** Templates parsed once. */
    private final Map<String, GoTemplate> parsedTemplates = new HashMap<>();
    /** False until the for state was restored after a restart; no ALERTS series are written before. */
    private boolean restored = true;

    /** Settings the templates see: {@code $externalLabels}, {@code $externalURL}. */
    public record TemplateContext(Labels externalLabels, String externalUrl) {
        public static final TemplateContext EMPTY = new TemplateContext(Labels.EMPTY, "");

        public TemplateContext {
            requireNonNull(externalLabels, "externalLabels is null");
            requireNonNull(externalUrl, "externalUrl is null");
        }
    }

    public AlertingRule(String alert, String expr, Duration holdDuration, Duration keepFiringFor, Labels labels,
            Map<String, String> annotations) {
        super(alert, expr, labels);
        this.holdDuration = requireNonNull(holdDuration, "holdDuration is null");
        this.keepFiringFor = requireNonNull(keepFiringFor, "keepFiringFor is null");
        this.annotations = new LinkedHashMap<>(requireNonNull(annotations, "annotations is null"));
    }

    public Duration holdDuration() {
        return holdDuration;
    }

    public Duration keepFiringFor() {
        return keepFiringFor;
    }

    /** The annotation templates as written. */
    public Map<String, String> annotations() {
        return Collections.unmodifiableMap(annotations);
    }

    /** The most severe state of the rule's alerts. */
    public AlertState state() {
        AlertState state = AlertState.INACTIVE;
        for (MutableAlert alert : active.values()) {
            if (alert.state.ordinal() > state.ordinal()) {
                state = alert.state;
            }
        }
        return state;
    }

    /** Pending and firing alerts, sorted by labels. */
    public List<Alert> activeAlerts() {
        List<Alert> alerts = new ArrayList<>();
        for (MutableAlert alert : active.values()) {
            if (alert.state != AlertState.INACTIVE) {
                alerts.add(alert.snapshot());
            }
        }
        alerts.sort(Comparator.comparing(Alert::labels));
        return alerts;
    }

    /**
     * Evaluates at {@code evaluationTime} (queries at {@code queryTime}, which is earlier by the
     * group's query offset) and returns the ALERTS and ALERTS_FOR_STATE samples to write.
     */
    List<Output> evaluate(RuleQuery query, long evaluationTime, long queryTime, int limit, TemplateContext context,
            TemplateFunctions functions) {
        List<VectorSample> samples = vectorOf(query.query(expr(), queryTime), queryTime);
        Map<Labels, MutableAlert> current = new HashMap<>();
        for (VectorSample sample : samples) {
            Labels templateLabels = sample.labels();
            Labels.Builder builder = sample.labels().toBuilder().remove(Labels.METRIC_NAME);
            labels().forEach((name, template) -> builder.set(name, expand(template, templateLabels, sample.value(), context, functions)));
            builder.set(ALERT_NAME_LABEL, name());
            Labels alertLabels = builder.build();
            Labels.Builder expandedAnnotations = Labels.builder();
            annotations.forEach((name, template) ->
                    expandedAnnotations.set(name, expand(template, templateLabels, sample.value(), context, functions)));
            if (current.containsKey(alertLabels)) {
                throw new PromlessException(ErrorType.EXECUTION,
                        "vector contains metrics with the same labelset after applying alert labels");
            }
            MutableAlert alert = new MutableAlert(alertLabels);
            alert.annotations = expandedAnnotations.build();
            alert.value = sample.value();
            alert.activeAt = evaluationTime;
            alert.state = AlertState.PENDING;
            current.put(alertLabels, alert);
        }
        for (MutableAlert fresh : current.values()) {
            MutableAlert existing = active.get(fresh.labels);
            if (existing != null && existing.state != AlertState.INACTIVE) {
                existing.value = fresh.value;
                existing.annotations = fresh.annotations;
                continue;
            }
            active.put(fresh.labels, fresh);
        }
        List<Output> outputs = new ArrayList<>();
        int activeOrPending = 0;
        for (var iterator = active.values().iterator(); iterator.hasNext(); ) {
            MutableAlert alert = iterator.next();
            if (!current.containsKey(alert.labels)) {
                boolean keepFiring = false;
                if (alert.state == AlertState.FIRING && !keepFiringFor.isZero()) {
                    if (alert.keepFiringSince == 0) {
                        alert.keepFiringSince = evaluationTime;
                    }
                    keepFiring = evaluationTime - alert.keepFiringSince < keepFiringFor.toMillis();
                }
                if (alert.state == AlertState.PENDING
                        || (alert.resolvedAt != 0 && evaluationTime - alert.resolvedAt > RESOLVED_RETENTION.toMillis())) {
                    iterator.remove();
                }
                if (alert.state != AlertState.INACTIVE && !keepFiring) {
                    alert.state = AlertState.INACTIVE;
                    alert.resolvedAt = evaluationTime;
                }
                if (!keepFiring) {
                    continue;
                }
            } else {
                alert.keepFiringSince = 0;
            }
            activeOrPending++;
            if (alert.state == AlertState.PENDING && evaluationTime - alert.activeAt >= holdDuration.toMillis()) {
                alert.state = AlertState.FIRING;
                alert.firedAt = evaluationTime;
            }
            if (restored) {
                outputs.add(new Output(alert.labels.toBuilder().set(Labels.METRIC_NAME, ALERTS_METRIC)
                        .set(ALERT_STATE_LABEL, alert.state.wireName()).build(), 1));
                outputs.add(new Output(forStateSeries(alert.labels), Math.floorDiv(alert.activeAt, 1000)));
            }
        }
        if (limit > 0 && activeOrPending > limit) {
            active.clear();
            throw new PromlessException(ErrorType.EXECUTION, "exceeded limit of " + limit + " with " + activeOrPending + " alerts");
        }
        return outputs;
    }

    /**
     * The alerts due for notification at {@code time}, marking them sent: firing alerts not sent
     * within {@code resendDelay}, and alerts resolved since they were last sent.
     */
    List<Alert> alertsToSend(long time, Duration resendDelay, Duration interval) {
        List<Alert> due = new ArrayList<>();
        long delta = Math.max(resendDelay.toMillis(), interval.toMillis());
        for (MutableAlert alert : active.values()) {
            boolean needsSending = alert.state != AlertState.PENDING
                    && (alert.resolvedAt > alert.lastSentAt || alert.lastSentAt + resendDelay.toMillis() <= time);
            if (!needsSending) {
                continue;
            }
            alert.lastSentAt = time;
            alert.validUntil = time + 4 * delta;
            due.add(alert.snapshot());
        }
        return due;
    }

    private static Labels forStateSeries(Labels alertLabels) {
        return alertLabels.toBuilder().set(Labels.METRIC_NAME, ALERTS_FOR_STATE_METRIC).build();
    }

    /** Until {@link #restoreForState} runs, evaluations write no ALERTS series (Prometheus's startup behaviour). */
    void awaitRestoration() {
        restored = false;
    }

    /**
     * After a restart, gives active alerts back the activeAt they had before, from the last
     * ALERTS_FOR_STATE sample within {@code outageTolerance}: the time spent pending before the
     * outage counts, the outage itself does not, and an alert is never left less than
     * {@code gracePeriod} to fire. Rules whose {@code for} is shorter than the grace period need no restoring.
     */
    void restoreForState(long time, Queryable storage, Duration outageTolerance, Duration gracePeriod) {
        try {
            if (holdDuration.compareTo(gracePeriod) < 0 || active.isEmpty()) {
                return;
            }
            try (Querier querier = storage.querier(time - outageTolerance.toMillis(), time)) {
                for (MutableAlert alert : active.values()) {
                    Labels series = forStateSeries(alert.labels);
                    List<LabelMatcher> matchers = new ArrayList<>();
                    series.forEach((name, value) -> matchers.add(LabelMatcher.equal(name, value)));
                    for (Series found : querier.select(matchers)) {
                        if (found.labels().equals(series) && found.size() > 0) {
                            restore(alert, time, found, gracePeriod);
                        }
                    }
                }
            }
        } finally {
            restored = true;
        }
    }

    private void restore(MutableAlert alert, long time, Series found, Duration gracePeriod) {
        long lastTime = found.timestamps()[found.size() - 1];
        double lastValue = found.values()[found.size() - 1];
        if (StaleMarker.isStale(lastValue)) {
            return;
        }
        long downAt = Math.floorDiv(lastTime, 1000) * 1000;
        long restoredActiveAt = (long) lastValue * 1000;
        long remainingPending = holdDuration.toMillis() - (downAt - restoredActiveAt);
        if (remainingPending <= 0) {
            // It was firing when the server went down; the next evaluation decides whether it still is.
            alert.activeAt = restoredActiveAt;
        } else if (remainingPending < gracePeriod.toMillis()) {
            alert.activeAt = time + gracePeriod.toMillis() - holdDuration.toMillis();
        } else {
            alert.activeAt = restoredActiveAt + (time - downAt);
        }
    }

    private String expand(String template, Labels labels, double value, TemplateContext context, TemplateFunctions functions) {
        if (!template.contains("{{")) {
            return template;
        }
        GoTemplate parsed;
        try {
            parsed = parsedTemplates.computeIfAbsent(template, text -> AlertTemplates.parse(name(), text));
        } catch (TemplateException e) {
            return "<error expanding template: " + e.getMessage() + ">";
        }
        return AlertTemplates.expand(parsed, labels, context.externalLabels(), context.externalUrl(), value, functions);
    }

    private static final class MutableAlert {
        final Labels labels;
        Labels annotations = Labels.EMPTY;
        AlertState state = AlertState.INACTIVE;
        long activeAt;
        long firedAt;
        long resolvedAt;
        long lastSentAt;
        long validUntil;
        long keepFiringSince;
        double value;

        MutableAlert(Labels labels) {
            this.labels = labels;
        }

        Alert snapshot() {
            return new Alert(labels, annotations, state, activeAt, firedAt, resolvedAt, lastSentAt, validUntil, keepFiringSince, value);
        }
    }
}
