package io.promless.local.notify;

import static java.util.Objects.requireNonNull;

import io.promless.ports.Notifier;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Notifier} for the local mode: each notification becomes one WARNING log record on
 * the logger {@code io.promless.notifications}, subject on the first line. Thread-safe.
 */
public final class LogNotifier implements Notifier {
    public static final String LOGGER_NAME = "io.promless.notifications";

    private final Logger logger;
    private final LongAdder published = new LongAdder();

    public LogNotifier() {
        this(Logger.getLogger(LOGGER_NAME));
    }

    public LogNotifier(Logger logger) {
        this.logger = requireNonNull(logger, "logger is null");
    }

    @Override
    public void publish(String subject, String message) {
        requireNonNull(subject, "subject is null");
        requireNonNull(message, "message is null");
        if (message.isEmpty()) {
            throw new IllegalArgumentException("notification message is empty");
        }
        // One line of subject, so the first line of the record is always the whole subject.
        String oneLineSubject = subject.replaceAll("[\\r\\n]+", " ");
        logger.log(Level.WARNING, "{0}\n{1}", new Object[] {oneLineSubject, message});
        published.increment();
    }

    public long notificationsPublished() {
        return published.sum();
    }
}
