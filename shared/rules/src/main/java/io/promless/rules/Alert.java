package io.promless.rules;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;

/**
 * A snapshot of one alert of an alerting rule. Times are epoch milliseconds; 0 means "not set".
 *
 * @param labels the alert's identity: the result series' labels without {@code __name__}, the rule's labels and {@code alertname}
 * @param annotations the rule's annotations after template expansion
 * @param activeAt when the condition first held (the start of pending)
 * @param firedAt when the alert went from pending to firing
 * @param resolvedAt when a firing alert stopped firing
 * @param lastSentAt when it was last handed to the notifier
 * @param validUntil until when the last notification holds (Alertmanager's endsAt for firing alerts)
 * @param keepFiringSince when the condition cleared while keep_firing_for keeps the alert firing
 * @param value the value of the result sample that produced the alert
 */
public record Alert(
        Labels labels,
        Labels annotations,
        AlertState state,
        long activeAt,
        long firedAt,
        long resolvedAt,
        long lastSentAt,
        long validUntil,
        long keepFiringSince,
        double value) {
    public Alert {
        requireNonNull(labels, "labels is null");
        requireNonNull(annotations, "annotations is null");
        requireNonNull(state, "state is null");
    }
}
