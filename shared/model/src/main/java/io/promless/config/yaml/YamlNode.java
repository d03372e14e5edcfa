package io.promless.config.yaml;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A YAML document node with the line it started on, so config errors can point at it.
 * Mappings keep every key in document order, duplicates included: whether a duplicate is an
 * error is for the reader of that mapping to decide (Prometheus rejects them).
 */
public sealed interface YamlNode {
    int line();

    /** A plain or quoted scalar. {@code isNull} for {@code ~}, {@code null} or an empty value. */
    record Scalar(String text, boolean isNull, Kind kind, int line) implements YamlNode {
        public Scalar {
            requireNonNull(text, "text is null");
            requireNonNull(kind, "kind is null");
        }
    }

    /** The YAML type a scalar resolved to, as Go's YAML decoder would see it. */
    enum Kind {
        STRING,
        INTEGER,
        FLOAT,
        BOOLEAN,
        NULL,
        BINARY
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    record Mapping(List<Entry> entries, int line) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        public boolean isEmpty() {
            return entries.isEmpty();
        }
    }

    record Entry(String key, YamlNode value, int line) {
        public Entry {
            requireNonNull(key, "key is null");
            requireNonNull(value, "value is null");
        }
    }
}
