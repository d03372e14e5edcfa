package io.promless.config;

import io.promless.config.yaml.YamlFields;
import io.promless.config.yaml.YamlNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validates the {@code remote_write} and {@code remote_read} sections, which Promless keeps
 * unparsed: each entry is read leniently (unknown keys are left alone) but gets Prometheus's
 * load-time checks, so a config Prometheus rejects is rejected here too, with the same words.
 */
final class RemoteSectionChecks {
    private static final Set<String> RESERVED_HEADERS = Set.of("content-encoding", "content-length", "content-type",
            "user-agent", "x-prometheus-remote-write-version", "x-prometheus-remote-read-version");
    private static final List<String> PROTOBUF_MESSAGES = List.of("prometheus.WriteRequest", "io.prometheus.write.v2.Request");

    private RemoteSectionChecks() {}

    static void checkRemoteWrite(YamlNode section, HttpClientConfigReader http) {
        Set<String> names = new HashSet<>();
        for (YamlNode item : items(section)) {
            YamlFields fields = YamlFields.of(item, "config.RemoteWriteConfig");
            if (fields.string("url", "").isEmpty()) {
                throw new ConfigException("url for remote_write is empty");
            }
            checkHeaders(fields);
            http.read(fields);
            String message = fields.string("protobuf_message", "");
            if (!message.isEmpty() && !PROTOBUF_MESSAGES.contains(message)) {
                throw new ConfigException("invalid protobuf_message value: unknown type for remote write protobuf message "
                        + message + ", supported: " + String.join(", ", PROTOBUF_MESSAGES));
            }
            fields.take("queue_config").ifPresent(RemoteSectionChecks::checkQueue);
            checkUniqueName(fields, names, "write");
        }
    }

    static void checkRemoteRead(YamlNode section, HttpClientConfigReader http) {
        Set<String> names = new HashSet<>();
        for (YamlNode item : items(section)) {
            YamlFields fields = YamlFields.of(item, "config.RemoteReadConfig");
            if (fields.string("url", "").isEmpty()) {
                throw new ConfigException("url for remote_read is empty");
            }
            checkHeaders(fields);
            http.read(fields);
            checkUniqueName(fields, names, "read");
        }
    }

    private static List<YamlNode> items(YamlNode section) {
        return section instanceof YamlNode.Sequence sequence ? sequence.items() : List.of();
    }

    private static void checkUniqueName(YamlFields fields, Set<String> names, String kind) {
        String name = fields.string("name", "");
        if (!name.isEmpty() && !names.add(name)) {
            throw new ConfigException("found multiple remote " + kind + " configs with job name \"" + name + "\"");
        }
    }

    private static void checkHeaders(YamlFields fields) {
        for (String header : fields.stringMap("headers").keySet()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.equals("authorization")) {
                throw new ConfigException("authorization header must be changed via the basic_auth, authorization, "
                        + "oauth2, sigv4, azuread or google_iam parameter");
            }
            if (RESERVED_HEADERS.contains(lower)) {
                throw new ConfigException(lower + " is a reserved header. It must not be changed");
            }
        }
    }

    /** Queue settings must be positive and ordered; unset ones take Prometheus's defaults. */
    private static void checkQueue(YamlNode node) {
        YamlFields queue = YamlFields.of(node, "config.QueueConfig");
        long capacity = signed(queue, "capacity", 10_000);
        long maxShards = signed(queue, "max_shards", 50);
        long minShards = signed(queue, "min_shards", 1);
        long maxSamplesPerSend = signed(queue, "max_samples_per_send", 2_000);
        Duration minBackoff = queue.duration("min_backoff").orElse(Duration.ofMillis(30));
        Duration maxBackoff = queue.duration("max_backoff").orElse(Duration.ofSeconds(5));
        if (capacity <= 0) {
            throw new ConfigException("remote write queue capacity must be positive");
        }
        if (maxShards <= 0) {
            throw new ConfigException("remote write queue max_shards must be positive");
        }
        if (minShards <= 0) {
            throw new ConfigException("remote write queue min_shards must be positive");
        }
        if (minShards > maxShards) {
            throw new ConfigException("remote write queue min_shards must not be greater than max_shards");
        }
        if (maxSamplesPerSend <= 0) {
            throw new ConfigException("remote write queue max_samples_per_send must be positive");
        }
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new ConfigException("remote write queue max_backoff must not be less than min_backoff");
        }
    }

    private static long signed(YamlFields fields, String key, long defaultValue) {
        return fields.string(key).map(text -> {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw YamlFields.unmarshalError(fields.line(), "cannot unmarshal !!str `" + text + "` into int");
            }
        }).orElse(defaultValue);
    }
}
