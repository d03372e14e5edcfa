package io.promless.errors;

/**
 * Error categories, named as the Prometheus HTTP API names them in {@code errorType}.
 * Only the API layer turns them into status codes.
 */
public enum ErrorType {
    BAD_DATA("bad_data"),
    EXECUTION("execution"),
    TIMEOUT("timeout"),
    CANCELED("canceled"),
    INTERNAL("internal"),
    UNAVAILABLE("unavailable"),
    NOT_FOUND("not_found");

    private final String wireName;

    ErrorType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
