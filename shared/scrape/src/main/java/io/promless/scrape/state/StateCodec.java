package io.promless.scrape.state;

import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import io.promless.model.labels.Labels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The stored form of scrape state: a format byte, then a raw-deflate stream of big-endian
 * fields; strings are a varint byte length and UTF-8. Label sets repeat the target labels on
 * every series, which deflate folds away (a 1,000-series target takes a few KiB). See
 * docs/dynamodb-layout.md.
 */
public final class StateCodec {
    static final byte TARGET_FORMAT = 1;
    static final byte GROUP_FORMAT = 2;
    static final byte CATALOG_FORMAT = 3;
    private static final MetricType[] TYPES = MetricType.values();

    private StateCodec() {}

    public static byte[] encodeTarget(TargetSeriesState state) {
        return compress(TARGET_FORMAT, encodeTargetRaw(state));
    }

    public static TargetSeriesState decodeTarget(byte[] bytes) {
        try (DataInputStream in = open(bytes, TARGET_FORMAT)) {
            String key = readString(in);
            Labels targetLabels = readLabels(in);
            int seriesCount = readCount(in);
            List<Labels> series = new ArrayList<>(seriesCount);
            for (int i = 0; i < seriesCount; i++) {
                series.add(readLabels(in));
            }
            int metadataCount = readCount(in);
            List<MetricMetadata> metadata = new ArrayList<>(metadataCount);
            for (int i = 0; i < metadataCount; i++) {
                String family = readString(in);
                int type = in.readUnsignedByte();
                if (type >= TYPES.length) {
                    throw new IOException("unknown metric type " + type);
                }
                metadata.add(new MetricMetadata(family, TYPES[type], readString(in), readString(in)));
            }
            return new TargetSeriesState(key, targetLabels, series, metadata);
        } catch (IOException e) {
            throw corrupt("target state", e);
        }
    }

    /** The canonical uncompressed encoding, also the input of {@link TargetSeriesState#digest()}. */
    static byte[] encodeTargetRaw(TargetSeriesState state) {
        return write(out -> {
            writeString(out, state.targetKey());
            writeLabels(out, state.targetLabels());
            writeCount(out, state.series().size());
            for (Labels labels : state.series()) {
                writeLabels(out, labels);
            }
            writeCount(out, state.metadata().size());
            for (MetricMetadata entry : state.metadata()) {
                writeString(out, entry.metricFamilyName());
                out.writeByte(entry.type().ordinal());
                writeString(out, entry.help());
                writeString(out, entry.unit());
            }
        });
    }

    public static byte[] encodeGroup(HealthGroup group) {
        return compress(GROUP_FORMAT, write(out -> {
            writeString(out, group.group());
            out.writeLong(group.version());
            writeCount(out, group.targets().size());
            for (TargetHealth health : group.targets().values()) {
                writeString(out, health.targetId());
                writeString(out, health.stateDigest());
                out.writeLong(health.lastScrapeMillis());
                out.writeLong(health.lastScrapeDurationNanos());
                out.writeBoolean(health.up());
                writeString(out, health.lastError());
                writeCount(out, health.samplesScraped());
                writeCount(out, health.samplesPostMetricRelabeling());
            }
        }));
    }

    public static HealthGroup decodeGroup(byte[] bytes) {
        try (DataInputStream in = open(bytes, GROUP_FORMAT)) {
            String name = readString(in);
            long version = in.readLong();
            int count = readCount(in);
            Map<String, TargetHealth> targets = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                TargetHealth health = new TargetHealth(readString(in), readString(in), in.readLong(), in.readLong(),
                        in.readBoolean(), readString(in), readCount(in), readCount(in));
                targets.put(health.targetId(), health);
            }
            return new HealthGroup(name, version, targets);
        } catch (IOException e) {
            throw corrupt("health group", e);
        }
    }

    public static byte[] encodeCatalog(TargetCatalog catalog) {
        return compress(CATALOG_FORMAT, write(out -> {
            writeCount(out, catalog.scrapePools().size());
            for (String pool : catalog.scrapePools()) {
                writeString(out, pool);
            }
            writeCount(out, catalog.active().size());
            for (TargetCatalog.ActiveTarget target : catalog.active()) {
                writeString(out, target.targetId());
                writeString(out, target.scrapePool());
                writeString(out, target.scrapeUrl());
                writeLabels(out, target.discoveredLabels());
                writeLabels(out, target.labels());
                out.writeLong(target.scrapeInterval().toMillis());
                out.writeLong(target.scrapeTimeout().toMillis());
            }
            writeCount(out, catalog.dropped().size());
            for (TargetCatalog.DroppedTarget target : catalog.dropped()) {
                writeString(out, target.scrapePool());
                writeLabels(out, target.discoveredLabels());
            }
        }));
    }

    public static TargetCatalog decodeCatalog(byte[] bytes) {
        try (DataInputStream in = open(bytes, CATALOG_FORMAT)) {
            int poolCount = readCount(in);
            List<String> pools = new ArrayList<>(poolCount);
            for (int i = 0; i < poolCount; i++) {
                pools.add(readString(in));
            }
            int activeCount = readCount(in);
            List<TargetCatalog.ActiveTarget> active = new ArrayList<>(activeCount);
            for (int i = 0; i < activeCount; i++) {
                active.add(new TargetCatalog.ActiveTarget(readString(in), readString(in), readString(in), readLabels(in),
                        readLabels(in), Duration.ofMillis(in.readLong()), Duration.ofMillis(in.readLong())));
            }
            int droppedCount = readCount(in);
            List<TargetCatalog.DroppedTarget> dropped = new ArrayList<>(droppedCount);
            for (int i = 0; i < droppedCount; i++) {
                dropped.add(new TargetCatalog.DroppedTarget(readString(in), readLabels(in)));
            }
            return new TargetCatalog(pools, active, dropped);
        } catch (IOException e) {
            throw corrupt("target catalog", e);
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] compress(byte format, byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length / 4 + 16);
        bytes.write(format);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, deflater)) {
            out.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    private static DataInputStream open(byte[] bytes, byte format) throws IOException {
        if (bytes.length == 0 || bytes[0] != format) {
            throw new IOException("expected format " + format + ", found " + (bytes.length == 0 ? "no bytes" : bytes[0]));
        }
        Inflater inflater = new Inflater(true);
        // Raw deflate needs a trailing dummy byte to signal the end of input to the inflater.
        byte[] body = new byte[bytes.length];
        System.arraycopy(bytes, 1, body, 0, bytes.length - 1);
        return new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(body), inflater) {
            @Override
            public void close() throws IOException {
                super.close();
                inf.end();
            }
        });
    }

    private static void writeLabels(DataOutputStream out, Labels labels) throws IOException {
        writeCount(out, labels.size());
        for (int i = 0; i < labels.size(); i++) {
            writeString(out, labels.name(i));
            writeString(out, labels.value(i));
        }
    }

    private static Labels readLabels(DataInputStream in) throws IOException {
        int count = readCount(in);
        String[] names = new String[count];
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = readString(in);
            values[i] = readString(in);
        }
        return Labels.ofSorted(names, values);
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        writeCount(out, utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(readCount(in)), StandardCharsets.UTF_8);
    }

    private static void writeCount(DataOutputStream out, int count) throws IOException {
        int value = count;
        while ((value & ~0x7f) != 0) {
            out.writeByte((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    private static int readCount(DataInputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (value < 0) {
                    throw new IOException("negative count");
                }
                return value;
            }
        }
        throw new IOException("count longer than 5 bytes");
    }

    private static IllegalArgumentException corrupt(String what, Exception cause) {
        return new IllegalArgumentException("stored " + what + " is corrupt: " + cause.getMessage(), cause);
    }

}
