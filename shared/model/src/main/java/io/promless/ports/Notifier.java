package io.promless.ports;

/** Publishes a notification (an SNS topic, or a log locally). Thread-safe. */
@FunctionalInterface
public interface Notifier {
    void publish(String subject, String message);
}
