package io.promless.model.labels;

import static java.util.Objects.requireNonNull;

/** One name/value pair of a series' label set. */
public record Label(String name, String value) {
    public Label {
        requireNonNull(name, "name is null");
        requireNonNull(value, "value is null");
    }
}
