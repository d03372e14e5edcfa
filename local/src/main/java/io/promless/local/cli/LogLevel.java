package io.promless.local.cli;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.logging.Level;

/** The levels of Prometheus's {@code --log.level} flag and the java.util.logging level each maps to. */
public enum LogLevel {
    DEBUG(Level.FINE),
    INFO(Level.INFO),
    WARN(Level.WARNING),
    ERROR(Level.SEVERE);

    private final Level julLevel;

    LogLevel(Level julLevel) {
        this.julLevel = julLevel;
    }

    public Level julLevel() {
        return julLevel;
    }

    /** The flag spelling: debug, info, warn or error. */
    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LogLevel parse(String text) {
        requireNonNull(text, "log level is null");
        for (LogLevel level : values()) {
            if (level.flagValue().equals(text)) {
                return level;
            }
        }
        throw new IllegalArgumentException("unrecognized log level \"" + text + "\" (use debug, info, warn or error)");
    }
}
