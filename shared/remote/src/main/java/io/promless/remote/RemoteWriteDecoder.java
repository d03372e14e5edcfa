package io.promless.remote;

import static io.promless.remote.RemoteWriteProtocol.LABEL_NAME;
import static io.promless.remote.RemoteWriteProtocol.LABEL_VALUE;
import static io.promless.remote.RemoteWriteProtocol.METADATA_FAMILY_NAME;
import static io.promless.remote.RemoteWriteProtocol.METADATA_HELP;
import static io.promless.remote.RemoteWriteProtocol.METADATA_TYPE;
import static io.promless.remote.RemoteWriteProtocol.METADATA_UNIT;
import static io.promless.remote.RemoteWriteProtocol.SAMPLE_TIMESTAMP;
import static io.promless.remote.RemoteWriteProtocol.SAMPLE_VALUE;
import static io.promless.remote.RemoteWriteProtocol.TIMESERIES_EXEMPLARS;
import static io.promless.remote.RemoteWriteProtocol.TIMESERIES_HISTOGRAMS;
import static io.promless.remote.RemoteWriteProtocol.TIMESERIES_LABELS;
import static io.promless.remote.RemoteWriteProtocol.TIMESERIES_SAMPLES;
import static io.promless.remote.RemoteWriteProtocol.WRITE_REQUEST_METADATA;
import static io.promless.remote.RemoteWriteProtocol.WRITE_REQUEST_TIMESERIES;
import static java.util.Objects.requireNonNull;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.promless.model.MetricMetadata;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes an uncompressed remote-write 1.0 {@code WriteRequest} straight from the wire
 * primitives, without generated classes. Unknown fields are skipped as protobuf requires;
 * exemplars and native histograms are skipped and counted. Label strings are interned per
 * request. Stateless and thread-safe; each call works on its own buffers.
 */
public final class RemoteWriteDecoder {
    private static final VarHandle LONG_LITTLE_ENDIAN =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte SAMPLE_VALUE_FIXED64_TAG = (byte) SAMPLE_VALUE;
    private static final byte SAMPLE_TIMESTAMP_VARINT_TAG = (byte) SAMPLE_TIMESTAMP;

    private RemoteWriteDecoder() {}

    /** @throws InvalidProtocolBufferException when the bytes are not a well-formed WriteRequest */
    public static RemoteWriteRequest decode(byte[] data) throws InvalidProtocolBufferException {
        requireNonNull(data, "data is null");
        return decode(data, 0, data.length);
    }

    /** Decodes {@code data[offset, offset + length)}; the decoded strings do not keep {@code data} alive. */
    public static RemoteWriteRequest decode(byte[] data, int offset, int length)
            throws InvalidProtocolBufferException {
        return decode(data, offset, length, null);
    }

    /**
     * As {@link #decode(byte[])}, reusing the label sets {@code cache} remembers from earlier
     * requests (and adding this request's); a null cache decodes every label.
     */
    static RemoteWriteRequest decode(byte[] data, LabelSetCache cache) throws InvalidProtocolBufferException {
        requireNonNull(data, "data is null");
        return decode(data, 0, data.length, cache);
    }

    private static RemoteWriteRequest decode(byte[] data, int offset, int length, LabelSetCache cache)
            throws InvalidProtocolBufferException {
        requireNonNull(data, "data is null");
        try {
            return new Decoding(data, offset, length, cache).writeRequest();
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) {
            // Array-backed streams only fail on malformed input; keep one exception type for callers.
            throw new InvalidProtocolBufferException(e.getMessage());
        }
    }

    /** The state of one decode: the input stream, the string table and reusable scratch arrays. */
    private static final class Decoding {
        private final byte[] data;
        private final CodedInputStream in;
        private final int base;
        private final StringInterner interner;
        private final LabelSetCache cache;
        private LabelSetCache.Entry previousLabels;
        private String[] names = new String[16];
        private String[] values = new String[16];
        private long[] timestamps = new long[64];
        private double[] sampleValues = new double[64];
        private int exemplarsSkipped;
        private int histogramsSkipped;

        Decoding(byte[] data, int offset, int length, LabelSetCache cache) {
            this.data = data;
            this.in = CodedInputStream.newInstance(data, offset, length);
            this.base = offset;
            this.interner = new StringInterner(data);
            this.cache = cache;
        }

        RemoteWriteRequest writeRequest() throws IOException {
            List<RemoteTimeSeries> series = new ArrayList<>();
            List<MetricMetadata> metadata = new ArrayList<>();
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                switch (tag) {
                    case WRITE_REQUEST_TIMESERIES -> series.add(timeSeries());
                    case WRITE_REQUEST_METADATA -> metadata.add(metadata());
                    default -> skip(tag);
                }
            }
            return new RemoteWriteRequest(series, metadata, exemplarsSkipped, histogramsSkipped);
        }

        private RemoteTimeSeries timeSeries() throws IOException {
            int outer = in.pushLimit(in.readRawVarint32());
            interner.resetInvalidSeen();
            int labelCount = 0;
            int sampleCount = 0;
            LabelSetCache.Entry cached = null;
            int tag;
            if (cache == null) {
                tag = in.readTag();
            } else {
                // Find the label fields that lead the series and look their bytes up before decoding them.
                int labelsStart = position();
                int labelsEnd = endOfLeadingLabels(labelsStart, labelsStart + in.getBytesUntilLimit());
                in.skipRawBytes(labelsEnd - labelsStart);
                tag = in.readTag();
                if (labelsEnd > labelsStart) {
                    cached = cachedLabels(labelsStart, labelsEnd);
                }
            }
            while (tag != 0) {
                switch (tag) {
                    case TIMESERIES_LABELS -> {
                        if (cached != null) {
                            // Labels after the samples: rare, decoded one by one after the cached ones.
                            labelCount = cached.names().length;
                            ensureLabelCapacity(labelCount);
                            System.arraycopy(cached.names(), 0, names, 0, labelCount);
                            System.arraycopy(cached.values(), 0, values, 0, labelCount);
                            if (!cached.validUtf8()) {
                                interner.markInvalidSeen();
                            }
                            cached = null;
                        }
                        ensureLabelCapacity(labelCount + 1);
                        label(in, base, labelCount++);
                    }
                    case TIMESERIES_SAMPLES -> {
                        if (sampleCount == timestamps.length) {
                            timestamps = Arrays.copyOf(timestamps, sampleCount * 2);
                            sampleValues = Arrays.copyOf(sampleValues, sampleCount * 2);
                        }
                        sample(sampleCount++);
                    }
                    case TIMESERIES_EXEMPLARS -> {
                        exemplarsSkipped++;
                        in.skipField(tag);
                    }
                    case TIMESERIES_HISTOGRAMS -> {
                        histogramsSkipped++;
                        in.skipField(tag);
                    }
                    default -> skip(tag);
                }
                tag = in.readTag();
            }
            in.popLimit(outer);
            long[] seriesTimestamps = Arrays.copyOf(timestamps, sampleCount);
            double[] seriesValues = Arrays.copyOf(sampleValues, sampleCount);
            if (cached != null) {
                return new RemoteTimeSeries(cached.names(), cached.values(), seriesTimestamps, seriesValues,
                        cached.validUtf8(), cached.validLabels());
            }
            return new RemoteTimeSeries(
                    Arrays.copyOf(names, labelCount),
                    Arrays.copyOf(values, labelCount),
                    seriesTimestamps,
                    seriesValues,
                    !interner.invalidSeen());
        }

        /** The label set of {@code data[from, to)} (whole label fields), decoded once per cache lifetime. */
        private LabelSetCache.Entry cachedLabels(int from, int to) throws IOException {
            LabelSetCache.Entry entry = cache.following(previousLabels, data, from, to);
            if (entry == null) {
                entry = lookUpOrDecodeLabels(from, to);
                cache.link(previousLabels, entry);
            }
            previousLabels = entry;
            return entry;
        }

        private LabelSetCache.Entry lookUpOrDecodeLabels(int from, int to) throws IOException {
            int hash = LabelSetCache.hash(data, from, to);
            LabelSetCache.Entry entry = cache.get(data, from, to, hash);
            if (entry != null) {
                return entry;
            }
            CodedInputStream labels = CodedInputStream.newInstance(data, from, to - from);
            int count = 0;
            while (true) {
                int tag = labels.readTag();
                if (tag == 0) {
                    break;
                }
                ensureLabelCapacity(count + 1);
                label(labels, from, count++);
            }
            return cache.put(data, from, to, hash, Arrays.copyOf(names, count), Arrays.copyOf(values, count),
                    !interner.invalidSeen());
        }

        private void ensureLabelCapacity(int count) {
            if (count > names.length) {
                int capacity = Math.max(count, names.length * 2);
                names = Arrays.copyOf(names, capacity);
                values = Arrays.copyOf(values, capacity);
            }
        }

        private int position() {
            return base + in.getTotalBytesRead();
        }

        /**
         * Where the run of well-framed label fields starting at {@code from} ends, scanning the
         * bytes directly; anything unusual ends the run and is left to the field-by-field decode.
         */
        private int endOfLeadingLabels(int from, int limit) {
            int position = from;
            while (position < limit && data[position] == TIMESERIES_LABELS) {
                int cursor = position + 1;
                int length = 0;
                int shift = 0;
                while (true) {
                    if (cursor >= limit || shift > 28) {
                        return position;
                    }
                    byte b = data[cursor++];
                    length |= (b & 0x7F) << shift;
                    if (b >= 0) {
                        break;
                    }
                    shift += 7;
                }
                if (length < 0 || length > limit - cursor) {
                    return position;
                }
                position = cursor + length;
            }
            return position;
        }

        private void label(CodedInputStream stream, int streamBase, int index) throws IOException {
            int outer = stream.pushLimit(stream.readRawVarint32());
            String name = "";
            String value = "";
            while (true) {
                int tag = stream.readTag();
                if (tag == 0) {
                    break;
                }
                switch (tag) {
                    case LABEL_NAME -> name = string(stream, streamBase);
                    case LABEL_VALUE -> value = string(stream, streamBase);
                    default -> skip(stream, tag);
                }
            }
            stream.popLimit(outer);
            names[index] = name;
            values[index] = value;
        }

        private void sample(int index) throws IOException {
            int length = in.readRawVarint32();
            if (length >= 11 && length <= in.getBytesUntilLimit() && plainSample(position(), length, index)) {
                in.skipRawBytes(length);
                return;
            }
            int outer = in.pushLimit(length);
            double value = 0;
            long timestamp = 0;
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                switch (tag) {
                    case SAMPLE_VALUE -> value = in.readDouble();
                    case SAMPLE_TIMESTAMP -> timestamp = in.readInt64();
                    default -> skip(tag);
                }
            }
            in.popLimit(outer);
            timestamps[index] = timestamp;
            sampleValues[index] = value;
        }

        /**
         * Reads a sample laid out as every Prometheus sender writes it, value then timestamp and
         * nothing else, straight from the bytes; false leaves any other layout to the general path.
         */
        private boolean plainSample(int from, int length, int index) {
            int end = from + length;
            if (data[from] != SAMPLE_VALUE_FIXED64_TAG || data[from + 9] != SAMPLE_TIMESTAMP_VARINT_TAG) {
                return false;
            }
            long timestamp = 0;
            int cursor = from + 10;
            for (int shift = 0; ; shift += 7) {
                if (cursor >= end || shift > 63) {
                    return false;
                }
                byte b = data[cursor++];
                timestamp |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    break;
                }
            }
            if (cursor != end) {
                return false;
            }
            timestamps[index] = timestamp;
            sampleValues[index] = Double.longBitsToDouble((long) LONG_LITTLE_ENDIAN.get(data, from + 1));
            return true;
        }

        private MetricMetadata metadata() throws IOException {
            int outer = in.pushLimit(in.readRawVarint32());
            int type = 0;
            String familyName = "";
            String help = "";
            String unit = "";
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                switch (tag) {
                    case METADATA_TYPE -> type = in.readEnum();
                    case METADATA_FAMILY_NAME -> familyName = string();
                    case METADATA_HELP -> help = string();
                    case METADATA_UNIT -> unit = string();
                    default -> skip(tag);
                }
            }
            in.popLimit(outer);
            return new MetricMetadata(familyName, RemoteWriteProtocol.metricType(type), help, unit);
        }

        private String string() throws IOException {
            return string(in, base);
        }

        private String string(CodedInputStream stream, int streamBase) throws IOException {
            int length = stream.readRawVarint32();
            if (length < 0) {
                throw new InvalidProtocolBufferException("negative string length " + length);
            }
            int offset = streamBase + stream.getTotalBytesRead();
            stream.skipRawBytes(length);
            return interner.intern(offset, length);
        }

        private void skip(int tag) throws IOException {
            skip(in, tag);
        }

        private static void skip(CodedInputStream stream, int tag) throws IOException {
            if (!stream.skipField(tag)) {
                // An end-group tag outside any group: the input is not a valid message.
                throw new InvalidProtocolBufferException("unexpected end-group tag " + tag);
            }
        }
    }
}
