package io.promless.promql.ast;

import static java.util.Objects.requireNonNull;

/** The {@code @} modifier: a fixed timestamp (milliseconds), or the query's start or end. */
public record AtModifier(Kind kind, long timestamp) {
    public enum Kind {
        TIMESTAMP,
        START,
        END
    }

    public AtModifier {
        requireNonNull(kind, "kind is null");
    }

    public static AtModifier at(long timestamp) {
        return new AtModifier(Kind.TIMESTAMP, timestamp);
    }

    /** The pinned evaluation time given the query's start and end. */
    public long resolve(long queryStart, long queryEnd) {
        return switch (kind) {
            case TIMESTAMP -> timestamp;
            case START -> queryStart;
            case END -> queryEnd;
        };
    }
}
