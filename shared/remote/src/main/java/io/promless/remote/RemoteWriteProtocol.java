package io.promless.remote;

import io.promless.model.MetricType;

/**
 * Constants of Prometheus remote-write 1.0 (prompb/remote.proto and types.proto) and of how
 * Promless carries such requests on its queue.
 */
public final class RemoteWriteProtocol {
    public static final String CONTENT_ENCODING = "Content-Encoding";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String VERSION_HEADER = "X-Prometheus-Remote-Write-Version";
    public static final String SNAPPY = "snappy";
    public static final String PROTOBUF = "application/x-protobuf";
    public static final String VERSION_1 = "0.1.0";

    /** Message attribute that turns a queue message into a pointer to an object-store key. */
    public static final String CLAIM_CHECK_ATTRIBUTE = "Promless-Claim-Check";
    /** Key prefix of claim-check objects (an S3 lifecycle rule expires them). */
    public static final String CLAIM_CHECK_PREFIX = "claim-checks/";

    // Field tags: (field number << 3) | wire type. Wire types: 0 varint, 1 fixed64, 2 length-delimited.
    static final int WRITE_REQUEST_TIMESERIES = (1 << 3) | 2;
    static final int WRITE_REQUEST_METADATA = (3 << 3) | 2;
    static final int TIMESERIES_LABELS = (1 << 3) | 2;
    static final int TIMESERIES_SAMPLES = (2 << 3) | 2;
    static final int TIMESERIES_EXEMPLARS = (3 << 3) | 2;
    static final int TIMESERIES_HISTOGRAMS = (4 << 3) | 2;
    static final int LABEL_NAME = (1 << 3) | 2;
    static final int LABEL_VALUE = (2 << 3) | 2;
    static final int SAMPLE_VALUE = (1 << 3) | 1;
    static final int SAMPLE_TIMESTAMP = (2 << 3);
    static final int METADATA_TYPE = (1 << 3);
    static final int METADATA_FAMILY_NAME = (2 << 3) | 2;
    static final int METADATA_HELP = (4 << 3) | 2;
    static final int METADATA_UNIT = (5 << 3) | 2;

    private RemoteWriteProtocol() {}

    /** The MetricMetadata.MetricType enum number of prompb/types.proto. */
    public static int wireNumber(MetricType type) {
        return switch (type) {
            case UNKNOWN -> 0;
            case COUNTER -> 1;
            case GAUGE -> 2;
            case HISTOGRAM -> 3;
            case GAUGEHISTOGRAM -> 4;
            case SUMMARY -> 5;
            case INFO -> 6;
            case STATESET -> 7;
        };
    }

    /** The metric type of a wire enum number; numbers from a newer protocol read as UNKNOWN. */
    public static MetricType metricType(int wireNumber) {
        return switch (wireNumber) {
            case 1 -> MetricType.COUNTER;
            case 2 -> MetricType.GAUGE;
            case 3 -> MetricType.HISTOGRAM;
            case 4 -> MetricType.GAUGEHISTOGRAM;
            case 5 -> MetricType.SUMMARY;
            case 6 -> MetricType.INFO;
            case 7 -> MetricType.STATESET;
            default -> MetricType.UNKNOWN;
        };
    }
}
