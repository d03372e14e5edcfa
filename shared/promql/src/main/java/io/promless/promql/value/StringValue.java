package io.promless.promql.value;

import static java.util.Objects.requireNonNull;

/** A string literal result at an evaluation timestamp (milliseconds). */
public record StringValue(long timestamp, String value) implements Value {
    public StringValue {
        requireNonNull(value, "value is null");
    }
}
