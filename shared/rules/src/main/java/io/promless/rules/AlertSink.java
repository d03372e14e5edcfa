package io.promless.rules;

import java.util.List;

/**
 * Where a group hands the alerts due for notification after each evaluation: firing alerts
 * (re-sent every resend delay) and alerts that just resolved, as Prometheus sends them to
 * Alertmanager. The notification side (Alertmanager, SNS) implements it; called on the
 * evaluating thread with a non-empty list.
 */
@FunctionalInterface
public interface AlertSink {
    AlertSink NONE = (group, alerts) -> { };

    void send(String groupKey, List<Alert> alerts);
}
