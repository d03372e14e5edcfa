package io.promless.config;

import static java.util.Objects.requireNonNull;

/** A configured secret: printed as {@code <secret>} so logs and config dumps never show it. */
public record Secret(String value) {
    public Secret {
        requireNonNull(value, "value is null");
    }

    @Override
    public String toString() {
        return "<secret>";
    }
}
