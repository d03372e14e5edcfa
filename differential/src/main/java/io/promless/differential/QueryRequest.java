package io.promless.differential;

import static java.util.Objects.requireNonNull;

/**
 * One query sent to both servers: an instant query at {@code time}, or a range query from
 * {@code start} to {@code end} every {@code step} (all in milliseconds).
 */
public sealed interface QueryRequest {
    String query();

    record Instant(String query, long time) implements QueryRequest {
        public Instant {
            requireNonNull(query, "query is null");
        }

        @Override
        public String toString() {
            return "instant " + query + " @ " + time;
        }
    }

    record Range(String query, long start, long end, long step) implements QueryRequest {
        public Range {
            requireNonNull(query, "query is null");
            if (step <= 0 || end < start) {
                throw new IllegalArgumentException("bad range: start " + start + " end " + end + " step " + step);
            }
        }

        @Override
        public String toString() {
            return "range " + query + " [" + start + ", " + end + "] step " + step;
        }
    }
}
