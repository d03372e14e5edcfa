package io.promless.errors;

import static java.util.Objects.requireNonNull;

/** An error with a category, so callers can answer the way Prometheus would. */
public class PromlessException extends RuntimeException {
    private final ErrorType type;

    public PromlessException(ErrorType type, String message) {
        super(message);
        this.type = requireNonNull(type, "type is null");
    }

    public PromlessException(ErrorType type, String message, Throwable cause) {
        super(message, cause);
        this.type = requireNonNull(type, "type is null");
    }

    public ErrorType type() {
        return type;
    }
}
