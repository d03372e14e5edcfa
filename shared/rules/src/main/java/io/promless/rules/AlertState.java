package io.promless.rules;

/** The states of an alert (and of an alerting rule: the most severe of its alerts). */
public enum AlertState {
    INACTIVE("inactive"),
    PENDING("pending"),
    FIRING("firing");

    private final String wireName;

    AlertState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
