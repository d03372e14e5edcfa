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
    private RemoteWriteDecoder() {}

    /** @throws InvalidProtocolBufferException when the bytes are not a well-formed WriteRequest */
    public static RemoteWriteRequest decode(byte[] data) throws InvalidProtocolBufferException {
        requireNonNull(data, "data is null");
        return decode(data, 0, data.length);
    }

    /** Decodes {@code data[offset, offset + length)}; the decoded strings do not keep {@code data} alive. */
    public static RemoteWriteRequest decode(byte[] data, int offset, int length)
            throws InvalidProtocolBufferException {
        requireNonNull(data, "data is null");
        try {
            return new Decoding(data, offset, length).writeRequest();
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) {
            // Array-backed streams only fail on malformed input; keep one exception type for callers.
            throw new InvalidProtocolBufferException(e.getMessage());
        }
    }

    /** The state of one decode: the input stream, the string table and reusable scratch arrays. */
    private static final class Decoding {
        private final CodedInputStream in;
        private final int base;
        private final StringInterner interner;
        private String[] names = new String[16];
        private String[] values = new String[16];
        private long[] timestamps = new long[64];
        private double[] sampleValues = new double[64];
        private int exemplarsSkipped;
        private int histogramsSkipped;

        Decoding(byte[] data, int offset, int length) {
            this.in = CodedInputStream.newInstance(data, offset, length);
            this.base = offset;
            this.interner = new StringInterner(data);
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
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                switch (tag) {
                    case TIMESERIES_LABELS -> {
                        if (labelCount == names.length) {
                            names = Arrays.copyOf(names, labelCount * 2);
                            values = Arrays.copyOf(values, labelCount * 2);
                        }
                        label(labelCount++);
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
            }
            in.popLimit(outer);
            return new RemoteTimeSeries(
                    Arrays.copyOf(names, labelCount),
                    Arrays.copyOf(values, labelCount),
                    Arrays.copyOf(timestamps, sampleCount),
                    Arrays.copyOf(sampleValues, sampleCount),
                    !interner.invalidSeen());
        }

        private void label(int index) throws IOException {
            int outer = in.pushLimit(in.readRawVarint32());
            String name = "";
            String value = "";
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                switch (tag) {
                    case LABEL_NAME -> name = string();
                    case LABEL_VALUE -> value = string();
                    default -> skip(tag);
                }
            }
            in.popLimit(outer);
            names[index] = name;
            values[index] = value;
        }

        private void sample(int index) throws IOException {
            int outer = in.pushLimit(in.readRawVarint32());
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
            int length = in.readRawVarint32();
            if (length < 0) {
                throw new InvalidProtocolBufferException("negative string length " + length);
            }
            int offset = base + in.getTotalBytesRead();
            in.skipRawBytes(length);
            return interner.intern(offset, length);
        }

        private void skip(int tag) throws IOException {
            if (!in.skipField(tag)) {
                // An end-group tag outside any group: the input is not a valid message.
                throw new InvalidProtocolBufferException("unexpected end-group tag " + tag);
            }
        }
    }
}
