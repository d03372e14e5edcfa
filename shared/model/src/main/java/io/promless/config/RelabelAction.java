package io.promless.config;

import java.util.Locale;
import java.util.Optional;

/** The actions of a {@code relabel_configs} rule. */
public enum RelabelAction {
    REPLACE,
    KEEP,
    DROP,
    KEEPEQUAL,
    DROPEQUAL,
    HASHMOD,
    LABELMAP,
    LABELDROP,
    LABELKEEP,
    LOWERCASE,
    UPPERCASE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive, as Prometheus reads them. */
    public static Optional<RelabelAction> fromWireName(String name) {
        for (RelabelAction action : values()) {
            if (action.wireName().equalsIgnoreCase(name)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
