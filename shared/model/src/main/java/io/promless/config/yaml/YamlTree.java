package io.promless.config.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promless.config.ConfigException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a YAML (or JSON) document into {@link YamlNode}s. Unlike a data binder it keeps
 * duplicate keys, lines and scalar kinds, which strict Prometheus-style validation needs.
 * {@code !!binary} scalars are decoded; bytes that are not UTF-8 become U+DC80..U+DCFF (lone
 * surrogates) so that name and value validation rejects them, as Go keeps such bytes.
 */
public final class YamlTree {
    private static final ObjectMapper JSON = new ObjectMapper();

    private YamlTree() {}

    /** The document's root, or an empty mapping for an empty document. */
    public static YamlNode parse(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(100);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw ConfigException.atLine(line, "yaml: line " + line + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException("yaml: " + e.getMessage());
        }
        if (root == null) {
            return new YamlNode.Mapping(List.of(), 1);
        }
        return convert(root);
    }

    /**
     * Every document of a multi-document stream ({@code ---} separated), in order; empty documents
     * are skipped. Rule files use only the first, as Prometheus does.
     */
    public static List<YamlNode> parseAll(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(100);
        List<YamlNode> documents = new ArrayList<>();
        try {
            for (Node root : new Yaml(options).composeAll(new StringReader(text))) {
                if (root != null) {
                    documents.add(convert(root));
                }
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException("yaml: line " + line + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException("yaml: " + e.getMessage());
        }
        return List.copyOf(documents);
    }

    /** A JSON document, as Prometheus reads its JSON fixtures (tabs allowed, no YAML rules). */
    public static YamlNode parseJson(String text) {
        try {
            return convert(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw ConfigException.atLine(line, "json: " + e.getOriginalMessage());
        }
    }

    private static YamlNode convert(Node node) {
        int line = node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        return switch (node) {
            case MappingNode mapping -> {
                List<YamlNode.Entry> entries = new ArrayList<>();
                for (NodeTuple tuple : mapping.getValue()) {
                    Node key = tuple.getKeyNode();
                    int keyLine = key.getStartMark() == null ? line : key.getStartMark().getLine() + 1;
                    if (!(key instanceof ScalarNode scalarKey)) {
                        throw YamlFields.unmarshalError(keyLine, "mapping keys must be scalars");
                    }
                    entries.add(new YamlNode.Entry(scalarText(scalarKey, keyLine), convert(tuple.getValueNode()), keyLine));
                }
                yield new YamlNode.Mapping(entries, line);
            }
            case SequenceNode sequence -> {
                List<YamlNode> items = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    items.add(convert(item));
                }
                yield new YamlNode.Sequence(items, line);
            }
            case ScalarNode scalar -> {
                YamlNode.Kind kind = kind(scalar.getTag());
                yield new YamlNode.Scalar(scalarText(scalar, line), kind == YamlNode.Kind.NULL, kind, line);
            }
            default -> throw YamlFields.unmarshalError(line, "unsupported YAML node " + node.getNodeId());
        };
    }

    private static YamlNode.Kind kind(Tag tag) {
        if (Tag.NULL.equals(tag)) {
            return YamlNode.Kind.NULL;
        }
        if (Tag.BOOL.equals(tag)) {
            return YamlNode.Kind.BOOLEAN;
        }
        if (Tag.INT.equals(tag)) {
            return YamlNode.Kind.INTEGER;
        }
        if (Tag.FLOAT.equals(tag)) {
            return YamlNode.Kind.FLOAT;
        }
        if (Tag.BINARY.equals(tag)) {
            return YamlNode.Kind.BINARY;
        }
        return YamlNode.Kind.STRING;
    }

    private static String scalarText(ScalarNode scalar, int line) {
        if (!Tag.BINARY.equals(scalar.getTag())) {
            return scalar.getValue();
        }
        try {
            return decodeUtf8(Base64.getMimeDecoder().decode(scalar.getValue().strip()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("yaml: line " + line + ": !!binary value contains invalid base64 data");
        }
    }

    private static YamlNode convert(JsonNode node) {
        if (node.isObject()) {
            List<YamlNode.Entry> entries = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                entries.add(new YamlNode.Entry(field.getKey(), convert(field.getValue()), 0));
            }
            return new YamlNode.Mapping(entries, 0);
        }
        if (node.isArray()) {
            List<YamlNode> items = new ArrayList<>();
            node.forEach(item -> items.add(convert(item)));
            return new YamlNode.Sequence(items, 0);
        }
        if (node.isNull()) {
            return new YamlNode.Scalar("", true, YamlNode.Kind.NULL, 0);
        }
        YamlNode.Kind kind = node.isBoolean() ? YamlNode.Kind.BOOLEAN
                : node.isIntegralNumber() ? YamlNode.Kind.INTEGER
                : node.isNumber() ? YamlNode.Kind.FLOAT
                : YamlNode.Kind.STRING;
        return new YamlNode.Scalar(node.asText(), false, kind, 0);
    }

    /** UTF-8 when valid; otherwise every non-ASCII byte becomes U+DC80..U+DCFF. */
    static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            StringBuilder out = new StringBuilder();
            for (byte b : bytes) {
                int unsigned = b & 0xff;
                out.append(unsigned < 0x80 ? (char) unsigned : (char) (0xDC00 + unsigned));
            }
            return out.toString();
        }
    }

    /** Quotes like Go's %q: invalid bytes (see {@link #decodeUtf8}) print as \xNN. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)))) {
                out.append(String.format("\\x%02x", c - 0xDC00));
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c < 0x20) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
