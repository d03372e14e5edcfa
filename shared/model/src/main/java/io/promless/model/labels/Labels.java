package io.promless.model.labels;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;

/**
 * An immutable label set, sorted by name, without empty values (Prometheus treats an empty
 * value as an absent label). Equality, ordering and {@link #hash()} depend only on the pairs.
 */
public final class Labels implements Iterable<Label>, Comparable<Labels> {
    public static final String METRIC_NAME = "__name__";
    public static final Labels EMPTY = new Labels(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;
    private long hash;
    private boolean hashComputed;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    /** Labels from alternating names and values: {@code Labels.of("__name__", "up", "job", "x")}. */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels need name/value pairs, got an odd count");
        }
        Builder builder = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.set(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    public static Labels fromMap(Map<String, String> map) {
        Builder builder = builder();
        map.forEach(builder::set);
        return builder.build();
    }

    /**
     * Labels from pairs that the caller guarantees are sorted by name, unique and non-empty
     * (decoders that already checked them); skips the sort on hot paths.
     */
    public static Labels ofSorted(String[] names, String[] values) {
        return new Labels(names.clone(), values.clone());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder seeded with these labels, for deriving a new set. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        for (int i = 0; i < names.length; i++) {
            builder.set(names[i], values[i]);
        }
        return builder;
    }

    public int size() {
        return names.length;
    }

    public boolean isEmpty() {
        return names.length == 0;
    }

    public String name(int index) {
        return names[index];
    }

    public String value(int index) {
        return values[index];
    }

    /** The value of a label, or the empty string when absent (as Prometheus does). */
    public String get(String name) {
        int index = Arrays.binarySearch(names, name);
        return index >= 0 ? values[index] : "";
    }

    public boolean has(String name) {
        return Arrays.binarySearch(names, name) >= 0;
    }

    public String metricName() {
        // "__name__" sorts before lower-case names, so it is nearly always first: skip the search.
        if (names.length > 0 && names[0].equals(METRIC_NAME)) {
            return values[0];
        }
        return get(METRIC_NAME);
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < names.length; i++) {
            action.accept(names[i], values[i]);
        }
    }

    public List<String> names() {
        return List.of(names);
    }

    /** A copy without the metric name, as PromQL functions and operators return. */
    public Labels withoutMetricName() {
        if (!has(METRIC_NAME)) {
            return this;
        }
        return toBuilder().remove(METRIC_NAME).build();
    }

    /**
     * A stable 64-bit hash of the pairs (FNV-1a over UTF-8 with separators). Stable across
     * processes and releases: it keys stored series, so it must never change.
     */
    public long hash() {
        if (!hashComputed) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < names.length; i++) {
                h = mix(h, names[i]);
                h = mixByte(h, 0xff);
                h = mix(h, values[i]);
                h = mixByte(h, 0xff);
            }
            hash = h;
            hashComputed = true;
        }
        return hash;
    }

    /** Mixes the UTF-8 bytes of {@code s} without allocating them (this runs for every ingested series). */
    private static long mix(long h, String s) {
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                h = mixByte(h, c);
            } else if (c < 0x800) {
                h = mixByte(h, 0xc0 | (c >> 6));
                h = mixByte(h, 0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, s.charAt(++i));
                h = mixByte(h, 0xf0 | (codePoint >> 18));
                h = mixByte(h, 0x80 | ((codePoint >> 12) & 0x3f));
                h = mixByte(h, 0x80 | ((codePoint >> 6) & 0x3f));
                h = mixByte(h, 0x80 | (codePoint & 0x3f));
            } else if (Character.isSurrogate(c)) {
                h = mixByte(h, '?'); // what String.getBytes(UTF_8) writes for a lone surrogate
            } else {
                h = mixByte(h, 0xe0 | (c >> 12));
                h = mixByte(h, 0x80 | ((c >> 6) & 0x3f));
                h = mixByte(h, 0x80 | (c & 0x3f));
            }
        }
        return h;
    }

    private static long mixByte(long h, int b) {
        return (h ^ b) * 0x100000001b3L;
    }

    @Override
    public Iterator<Label> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < names.length;
            }

            @Override
            public Label next() {
                if (next >= names.length) {
                    throw new NoSuchElementException();
                }
                Label label = new Label(names[next], values[next]);
                next++;
                return label;
            }
        };
    }

    public List<Label> toList() {
        List<Label> list = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            list.add(new Label(names[i], values[i]));
        }
        return list;
    }

    public Map<String, String> toMap() {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        forEach(map::put);
        return map;
    }

    @Override
    public int compareTo(Labels other) {
        int common = Math.min(names.length, other.names.length);
        for (int i = 0; i < common; i++) {
            int byName = names[i].compareTo(other.names[i]);
            if (byName != 0) {
                return byName;
            }
            int byValue = values[i].compareTo(other.values[i]);
            if (byValue != 0) {
                return byValue;
            }
        }
        return Integer.compare(names.length, other.names.length);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Labels that)) {
            return false;
        }
        return Arrays.equals(names, that.names) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        // Not hash(): Strings cache their own hash codes, so hash maps over label sets (scrape
        // state, one entry per series of every scrape) skip re-reading every character.
        return 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    /** Prometheus's own rendering: {@code {__name__="up", job="x"}} with Go-style escaping. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(names[i]).append("=\"");
            LabelNames.appendEscaped(out, values[i]);
            out.append('"');
        }
        return out.append('}').toString();
    }

    /** Collects pairs in any order; a later {@link #set} of the same name wins, an empty value removes. */
    public static final class Builder {
        private final java.util.TreeMap<String, String> pairs = new java.util.TreeMap<>();

        public Builder set(String name, String value) {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
            if (value.isEmpty()) {
                pairs.remove(name);
            } else {
                pairs.put(name, value);
            }
            return this;
        }

        public Builder remove(String name) {
            pairs.remove(name);
            return this;
        }

        public String get(String name) {
            return pairs.getOrDefault(name, "");
        }

        public Labels build() {
            if (pairs.isEmpty()) {
                return EMPTY;
            }
            String[] names = new String[pairs.size()];
            String[] values = new String[pairs.size()];
            int i = 0;
            for (Map.Entry<String, String> pair : pairs.entrySet()) {
                names[i] = pair.getKey();
                values[i] = pair.getValue();
                i++;
            }
            return new Labels(names, values);
        }
    }
}
