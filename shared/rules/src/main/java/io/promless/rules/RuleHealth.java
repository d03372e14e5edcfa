package io.promless.rules;

/** A rule's health after its last evaluation, named as Prometheus's API names it. */
public enum RuleHealth {
    UNKNOWN("unknown"),
    OK("ok"),
    ERR("err");

    private final String wireName;

    RuleHealth(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
