package io.promless.remote;

import static java.util.Objects.requireNonNull;

import io.promless.model.MetricMetadata;
import java.util.List;

/**
 * A decoded remote-write 1.0 {@code WriteRequest}. Exemplars and native histograms are not
 * stored by Promless yet; the decoder skips them and counts them here so callers can report it.
 */
public record RemoteWriteRequest(
        List<RemoteTimeSeries> timeseries,
        List<MetricMetadata> metadata,
        int exemplarsSkipped,
        int histogramsSkipped) {
    public RemoteWriteRequest {
        timeseries = List.copyOf(requireNonNull(timeseries, "timeseries is null"));
        metadata = List.copyOf(requireNonNull(metadata, "metadata is null"));
        if (exemplarsSkipped < 0 || histogramsSkipped < 0) {
            throw new IllegalArgumentException("skipped counts are negative");
        }
    }

    public static RemoteWriteRequest of(List<RemoteTimeSeries> timeseries, List<MetricMetadata> metadata) {
        return new RemoteWriteRequest(timeseries, metadata, 0, 0);
    }

    public long sampleCount() {
        long samples = 0;
        for (RemoteTimeSeries series : timeseries) {
            samples += series.sampleCount();
        }
        return samples;
    }
}
