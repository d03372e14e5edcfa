package io.promless.config;

import static java.util.Objects.requireNonNull;

import io.promless.config.yaml.YamlFields;
import io.promless.config.yaml.YamlNode;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code storage.tsdb} settings Prometheus validates at load time. Promless stores blocks its
 * own way and ignores them; they are read so that a file Prometheus rejects is rejected here with
 * the same reason, and so that what was written can be inspected. Empty means not written.
 *
 * @param retentionTime how long blocks are kept
 * @param retentionSizeBytes the most bytes blocks may use
 * @param retentionPercentage the most disk share blocks may use, 0 to 100
 * @param floatChunkEncoding {@code xor} or {@code xor2}
 */
public record TsdbSettings(
        Optional<Duration> retentionTime,
        Optional<Long> retentionSizeBytes,
        Optional<Double> retentionPercentage,
        Optional<String> floatChunkEncoding) {
    public static final TsdbSettings NONE = new TsdbSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    private static final Set<String> FLOAT_ENCODINGS = Set.of("xor", "xor2");

    public TsdbSettings {
        requireNonNull(retentionTime, "retentionTime is null");
        requireNonNull(retentionSizeBytes, "retentionSizeBytes is null");
        requireNonNull(retentionPercentage, "retentionPercentage is null");
        requireNonNull(floatChunkEncoding, "floatChunkEncoding is null");
    }

    /** The settings of a loaded config ({@link #NONE} without a {@code storage.tsdb} section). */
    public static TsdbSettings of(PrometheusConfig config) {
        requireNonNull(config, "config is null");
        YamlNode storage = config.otherSections().get("storage");
        return storage == null ? NONE : read(storage);
    }

    /** Reads and checks the {@code storage} section; other storage keys are left to the loader. */
    static TsdbSettings read(YamlNode storage) {
        requireNonNull(storage, "storage is null");
        Optional<YamlNode> tsdb = YamlFields.of(storage, "config.StorageConfig").take("tsdb");
        if (tsdb.isEmpty()) {
            return NONE;
        }
        YamlFields tsdbFields = YamlFields.of(tsdb.get(), "config.TSDBConfig");
        Optional<Duration> time = Optional.empty();
        Optional<Long> size = Optional.empty();
        Optional<Double> percentage = Optional.empty();
        Optional<YamlNode> retention = tsdbFields.take("retention");
        if (retention.isPresent()) {
            YamlFields fields = YamlFields.of(retention.get(), "config.TSDBRetentionConfig");
            time = fields.duration("time");
            size = fields.string("size").map(TsdbSettings::size);
            percentage = fields.number("percentage");
            if (percentage.isPresent() && !(percentage.get() >= 0 && percentage.get() <= 100)) {
                throw new ConfigException("'storage.tsdb.retention.percentage' must be in the range [0, 100]");
            }
        }
        Optional<String> floats = Optional.empty();
        Optional<YamlNode> encoding = tsdbFields.take("chunk_encoding");
        if (encoding.isPresent()) {
            floats = YamlFields.of(encoding.get(), "config.TSDBChunkEncodingConfig").string("floats");
            if (floats.isPresent() && !FLOAT_ENCODINGS.contains(floats.get())) {
                throw new ConfigException("'storage.tsdb.chunk_encoding.floats' must be 'xor' or 'xor2', "
                        + "or the field must be omitted entirely, got \"" + floats.get() + "\"");
            }
        }
        return new TsdbSettings(time, size, percentage, floats);
    }

    /** A base-2 size; a minus sign parses (as in Prometheus) and is then refused. */
    private static long size(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("-")) {
            ConfigLoader.byteSize(trimmed.substring(1));
            throw new ConfigException("'storage.tsdb.retention.size' must be greater than or equal to 0");
        }
        return ConfigLoader.byteSize(trimmed);
    }
}
