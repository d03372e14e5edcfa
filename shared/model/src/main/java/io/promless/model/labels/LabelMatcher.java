package io.promless.model.labels;

import static java.util.Objects.requireNonNull;

import io.promless.model.regex.GoRegexp;

/**
 * A label matcher such as {@code job=~"api|web"}. Regexes use Go's RE2 syntax and are fully
 * anchored, as in Prometheus, and compiled once. An absent label matches as the empty string.
 */
public final class LabelMatcher {
    private final MatchType type;
    private final String name;
    private final String value;
    private final GoRegexp pattern;

    private LabelMatcher(MatchType type, String name, String value, GoRegexp pattern) {
        this.type = type;
        this.name = name;
        this.value = value;
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException when a regex does not compile */
    public static LabelMatcher of(MatchType type, String name, String value) {
        requireNonNull(type, "type is null");
        requireNonNull(name, "name is null");
        requireNonNull(value, "value is null");
        GoRegexp pattern = null;
        if (type == MatchType.REGEX || type == MatchType.NOT_REGEX) {
            pattern = GoRegexp.compileAnchored(value);
        }
        return new LabelMatcher(type, name, value, pattern);
    }

    public static LabelMatcher equal(String name, String value) {
        return of(MatchType.EQUAL, name, value);
    }

    public MatchType type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    public boolean matches(String labelValue) {
        return switch (type) {
            case EQUAL -> value.equals(labelValue);
            case NOT_EQUAL -> !value.equals(labelValue);
            case REGEX -> pattern.matches(labelValue);
            case NOT_REGEX -> !pattern.matches(labelValue);
        };
    }

    /** Whether a series with these labels satisfies this matcher. */
    public boolean matches(Labels labels) {
        return matches(labels.get(name));
    }

    /** True when the matcher accepts the empty string, i.e. also series without the label. */
    public boolean matchesEmpty() {
        return matches("");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LabelMatcher that
                && type == that.type && name.equals(that.name) && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return (type.hashCode() * 31 + name.hashCode()) * 31 + value.hashCode();
    }

    @Override
    public String toString() {
        return name + type.operator() + quote(value);
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        LabelNames.appendEscaped(out, value);
        return out.append('"').toString();
    }
}
