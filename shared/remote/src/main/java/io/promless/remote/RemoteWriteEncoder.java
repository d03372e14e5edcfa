package io.promless.remote;

import static io.promless.remote.RemoteWriteProtocol.LABEL_NAME;
import static io.promless.remote.RemoteWriteProtocol.LABEL_VALUE;
import static io.promless.remote.RemoteWriteProtocol.METADATA_FAMILY_NAME;
import static io.promless.remote.RemoteWriteProtocol.METADATA_HELP;
import static io.promless.remote.RemoteWriteProtocol.METADATA_TYPE;
import static io.promless.remote.RemoteWriteProtocol.METADATA_UNIT;
import static io.promless.remote.RemoteWriteProtocol.SAMPLE_TIMESTAMP;
import static io.promless.remote.RemoteWriteProtocol.SAMPLE_VALUE;
import static io.promless.remote.RemoteWriteProtocol.TIMESERIES_LABELS;
import static io.promless.remote.RemoteWriteProtocol.TIMESERIES_SAMPLES;
import static io.promless.remote.RemoteWriteProtocol.WRITE_REQUEST_METADATA;
import static io.promless.remote.RemoteWriteProtocol.WRITE_REQUEST_TIMESERIES;
import static java.util.Objects.requireNonNull;

import com.google.protobuf.CodedOutputStream;
import io.promless.model.MetricMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes remote-write 1.0 {@code WriteRequest}s. A WriteRequest is the concatenation of its
 * repeated fields, so {@link #timeSeriesField} and {@link #metadataField} encode one element
 * each (with its tag and length) and any concatenation of them is a valid request; the queue
 * sender uses that to split a batch without re-encoding. Both sample fields are always
 * written, so -0.0 and the stale-marker NaN keep their exact bits. Stateless and thread-safe.
 */
public final class RemoteWriteEncoder {
    private RemoteWriteEncoder() {}

    /** The uncompressed protobuf bytes of a whole request. */
    public static byte[] encode(RemoteWriteRequest request) {
        requireNonNull(request, "request is null");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (MetricMetadata metadata : request.metadata()) {
            out.writeBytes(metadataField(metadata));
        }
        for (RemoteTimeSeries series : request.timeseries()) {
            out.writeBytes(timeSeriesField(series));
        }
        return out.toByteArray();
    }

    /** One {@code WriteRequest.timeseries} element, tag and length included. */
    public static byte[] timeSeriesField(RemoteTimeSeries series) {
        requireNonNull(series, "series is null");
        byte[][] names = utf8(series.labelNames());
        byte[][] values = utf8(series.labelValues());
        int bodySize = 0;
        for (int i = 0; i < names.length; i++) {
            bodySize += lengthDelimitedSize(labelSize(names[i], values[i]));
        }
        long[] timestamps = series.timestamps();
        for (long timestamp : timestamps) {
            bodySize += lengthDelimitedSize(sampleSize(timestamp));
        }
        byte[] field = new byte[lengthDelimitedSize(bodySize)];
        CodedOutputStream out = CodedOutputStream.newInstance(field);
        try {
            out.writeUInt32NoTag(WRITE_REQUEST_TIMESERIES);
            out.writeUInt32NoTag(bodySize);
            for (int i = 0; i < names.length; i++) {
                out.writeUInt32NoTag(TIMESERIES_LABELS);
                out.writeUInt32NoTag(labelSize(names[i], values[i]));
                writeBytesField(out, LABEL_NAME, names[i]);
                writeBytesField(out, LABEL_VALUE, values[i]);
            }
            double[] sampleValues = series.values();
            for (int i = 0; i < timestamps.length; i++) {
                out.writeUInt32NoTag(TIMESERIES_SAMPLES);
                out.writeUInt32NoTag(sampleSize(timestamps[i]));
                out.writeUInt32NoTag(SAMPLE_VALUE);
                out.writeFixed64NoTag(Double.doubleToRawLongBits(sampleValues[i]));
                out.writeUInt32NoTag(SAMPLE_TIMESTAMP);
                out.writeInt64NoTag(timestamps[i]);
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("sizes computed wrongly for a time series", e);
        }
        return field;
    }

    /** One {@code WriteRequest.metadata} element, tag and length included. */
    public static byte[] metadataField(MetricMetadata metadata) {
        requireNonNull(metadata, "metadata is null");
        int type = RemoteWriteProtocol.wireNumber(metadata.type());
        byte[] name = metadata.metricFamilyName().getBytes(StandardCharsets.UTF_8);
        byte[] help = metadata.help().getBytes(StandardCharsets.UTF_8);
        byte[] unit = metadata.unit().getBytes(StandardCharsets.UTF_8);
        int bodySize = 1 + CodedOutputStream.computeUInt32SizeNoTag(type)
                + lengthDelimitedSize(name.length)
                + lengthDelimitedSize(help.length)
                + lengthDelimitedSize(unit.length);
        byte[] field = new byte[lengthDelimitedSize(bodySize)];
        CodedOutputStream out = CodedOutputStream.newInstance(field);
        try {
            out.writeUInt32NoTag(WRITE_REQUEST_METADATA);
            out.writeUInt32NoTag(bodySize);
            out.writeUInt32NoTag(METADATA_TYPE);
            out.writeUInt32NoTag(type);
            writeBytesField(out, METADATA_FAMILY_NAME, name);
            writeBytesField(out, METADATA_HELP, help);
            writeBytesField(out, METADATA_UNIT, unit);
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("sizes computed wrongly for metadata", e);
        }
        return field;
    }

    private static byte[][] utf8(String[] strings) {
        byte[][] bytes = new byte[strings.length][];
        for (int i = 0; i < strings.length; i++) {
            bytes[i] = strings[i].getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    private static int labelSize(byte[] name, byte[] value) {
        return lengthDelimitedSize(name.length) + lengthDelimitedSize(value.length);
    }

    private static int sampleSize(long timestamp) {
        return 1 + 8 + 1 + CodedOutputStream.computeInt64SizeNoTag(timestamp);
    }

    /** Size of a single-byte tag, the length varint and the payload. */
    private static int lengthDelimitedSize(int payloadSize) {
        return 1 + CodedOutputStream.computeUInt32SizeNoTag(payloadSize) + payloadSize;
    }

    private static void writeBytesField(CodedOutputStream out, int tag, byte[] bytes) throws IOException {
        out.writeUInt32NoTag(tag);
        out.writeUInt32NoTag(bytes.length);
        out.writeRawBytes(bytes);
    }
}
