package io.promless.local;

import io.promless.rules.Alert;
import io.promless.rules.AlertSink;
import io.promless.rules.AlertState;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * The local mode's stand-in for Alertmanager until notification delivery exists: logs the alerts
 * a group would send (firing and resolved) and counts them.
 */
final class LoggingAlertSink implements AlertSink {
    private static final Logger LOG = Logger.getLogger(LoggingAlertSink.class.getName());

    private final LongAdder alertsSent = new LongAdder();

    @Override
    public void send(String groupKey, List<Alert> alerts) {
        alertsSent.add(alerts.size());
        for (Alert alert : alerts) {
            LOG.info(() -> (alert.state() == AlertState.FIRING ? "alert firing: " : "alert resolved: ") + alert.labels()
                    + " " + alert.annotations() + " (group " + groupKey + ")");
        }
    }

    long alertsSent() {
        return alertsSent.sum();
    }
}
