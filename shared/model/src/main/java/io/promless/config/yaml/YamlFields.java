package io.promless.config.yaml;

import static java.util.Objects.requireNonNull;

import io.promless.config.ConfigException;
import io.promless.config.PrometheusDuration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Strict access to the fields of one YAML mapping, in the manner of Go's strict YAML decoding:
 * a duplicate key or, once {@link #finish()} is called, a key nobody asked for is an error
 * naming the key, its line and the Go type Prometheus would report.
 */
public final class YamlFields {
    private final Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    private final Set<String> taken = new HashSet<>();
    private final String typeName;
    private final int line;

    private YamlFields(YamlNode.Mapping mapping, String typeName) {
        this.typeName = typeName;
        this.line = mapping.line();
        for (YamlNode.Entry entry : mapping.entries()) {
            if (entries.putIfAbsent(entry.key(), entry) != null) {
                throw unmarshalError(entry.line(), "field " + entry.key() + " already set in type " + typeName);
            }
        }
    }

    /** Fields of {@code node}, which must be a mapping; a null scalar counts as an empty mapping. */
    public static YamlFields of(YamlNode node, String typeName) {
        requireNonNull(node, "node is null");
        requireNonNull(typeName, "typeName is null");
        if (node instanceof YamlNode.Mapping mapping) {
            return new YamlFields(mapping, typeName);
        }
        if (node instanceof YamlNode.Scalar scalar && scalar.isNull()) {
            return new YamlFields(new YamlNode.Mapping(List.of(), scalar.line()), typeName);
        }
        throw unmarshalError(node.line(), "cannot unmarshal " + tagOf(node) + " into " + typeName);
    }

    public static ConfigException unmarshalError(int line, String message) {
        return ConfigException.atLine(line, "yaml: unmarshal errors:\n  line " + line + ": " + message);
    }

    public int line() {
        return line;
    }

    /** The line of {@code key}'s entry, else of the mapping itself, so checks after reading can point at the field. */
    public int lineOf(String key) {
        YamlNode.Entry entry = entries.get(key);
        return entry == null ? line : entry.line();
    }

    public boolean has(String key) {
        YamlNode.Entry entry = entries.get(key);
        return entry != null && !isNull(entry.value());
    }

    /** The value node of a key, marking it as known; empty when absent or null. */
    public Optional<YamlNode> take(String key) {
        taken.add(key);
        YamlNode.Entry entry = entries.get(key);
        if (entry == null || isNull(entry.value())) {
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    /**
     * The text of a scalar value without marking the key as read (for checks made before or
     * after another reader takes the key); empty when absent, null or not a scalar.
     */
    public Optional<String> peekScalar(String key) {
        YamlNode.Entry entry = entries.get(key);
        if (entry != null && entry.value() instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            return Optional.of(scalar.text());
        }
        return Optional.empty();
    }

    /** Whether the key is written at all, even with a null value (Prometheus rejects some null sections). */
    public boolean present(String key) {
        return entries.containsKey(key);
    }

    public Optional<String> string(String key) {
        return take(key).map(node -> scalarText(node, "string"));
    }

    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    public Optional<Boolean> bool(String key) {
        return take(key).map(node -> {
            String text = scalarText(node, "bool");
            return switch (text.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on", "y" -> true;
                case "false", "no", "off", "n" -> false;
                default -> throw unmarshalError(node.line(), "cannot unmarshal !!str `" + text + "` into bool");
            };
        });
    }

    public boolean bool(String key, boolean defaultValue) {
        return bool(key).orElse(defaultValue);
    }

    /** A non-negative integer field (Go uint). */
    public Optional<Long> unsigned(String key) {
        return take(key).map(node -> {
            String text = scalarText(node, "uint");
            try {
                long value = Long.parseLong(text);
                if (value < 0) {
                    throw unmarshalError(node.line(), "cannot unmarshal !!int `" + text + "` into uint");
                }
                return value;
            } catch (NumberFormatException e) {
                throw unmarshalError(node.line(), "cannot unmarshal " + tagOf(node) + " `" + text + "` into uint");
            }
        });
    }

    public Optional<Double> number(String key) {
        return take(key).map(node -> {
            String text = scalarText(node, "float64");
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw unmarshalError(node.line(), "cannot unmarshal " + tagOf(node) + " `" + text + "` into float64");
            }
        });
    }

    public List<String> strings(String key) {
        return take(key).map(node -> stringList(node)).orElse(List.of());
    }

    public Optional<YamlNode.Sequence> sequence(String key) {
        return take(key).map(node -> {
            if (node instanceof YamlNode.Sequence sequence) {
                return sequence;
            }
            throw unmarshalError(node.line(), "cannot unmarshal " + tagOf(node) + " into []" + key);
        });
    }

    /** A mapping of strings to strings, in document order, rejecting duplicate keys. */
    public Map<String, String> stringMap(String key) {
        return take(key).map(node -> {
            YamlFields fields = YamlFields.of(node, "map[string]string");
            Map<String, String> out = new LinkedHashMap<>();
            for (String name : fields.entries.keySet()) {
                out.put(name, fields.string(name).orElse(""));
            }
            return out;
        }).orElse(Map.of());
    }

    /** A Prometheus duration ({@code 1m30s}); errors name the key. */
    public Optional<java.time.Duration> duration(String key) {
        return take(key).map(node -> PrometheusDuration.parse(scalarText(node, "model.Duration")));
    }

    /** The pairs of a string-to-string mapping, unvalidated, rejecting duplicate keys. */
    public List<Map.Entry<String, String>> stringMapNode(String key) {
        return take(key).map(node -> {
            YamlFields fields = YamlFields.of(node, "model.LabelSet");
            List<Map.Entry<String, String>> out = new ArrayList<>();
            for (String name : fields.keys()) {
                out.add(Map.entry(name, fields.string(name).orElse("")));
            }
            return out;
        }).orElse(List.of());
    }

    /** Every key of the mapping, in document order. */
    public List<String> keys() {
        return new ArrayList<>(entries.keySet());
    }

    /** Rejects keys that no reader asked for. */
    public void finish() {
        for (YamlNode.Entry entry : entries.values()) {
            if (!taken.contains(entry.key())) {
                throw unmarshalError(entry.line(), "field " + entry.key() + " not found in type " + typeName);
            }
        }
    }

    public static List<String> stringList(YamlNode node) {
        if (isNull(node)) {
            return List.of();
        }
        if (!(node instanceof YamlNode.Sequence sequence)) {
            throw unmarshalError(node.line(), "cannot unmarshal " + tagOf(node) + " into []string");
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : sequence.items()) {
            out.add(scalarText(item, "string"));
        }
        return List.copyOf(out);
    }

    public static String scalarText(YamlNode node, String goType) {
        if (node instanceof YamlNode.Scalar scalar) {
            return scalar.isNull() ? "" : scalar.text();
        }
        throw unmarshalError(node.line(), "cannot unmarshal " + tagOf(node) + " into " + goType);
    }

    public static boolean isNull(YamlNode node) {
        return node instanceof YamlNode.Scalar scalar && scalar.isNull();
    }

    public static String tagOf(YamlNode node) {
        return switch (node) {
            case YamlNode.Mapping mapping -> "!!map";
            case YamlNode.Sequence sequence -> "!!seq";
            case YamlNode.Scalar scalar -> switch (scalar.kind()) {
                case STRING -> "!!str";
                case INTEGER -> "!!int";
                case FLOAT -> "!!float";
                case BOOLEAN -> "!!bool";
                case NULL -> "!!null";
                case BINARY -> "!!binary";
            };
        };
    }
}
