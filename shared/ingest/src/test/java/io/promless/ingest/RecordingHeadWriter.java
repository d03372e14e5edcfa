package io.promless.ingest;

import io.promless.storage.Series;
import io.promless.tsdb.head.HeadWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A head writer fake that keeps the last write of each batch id, as segments keyed by batch
 * id would, and fails the batch ids it is told to.
 */
final class RecordingHeadWriter implements HeadWriter {
    /** A stored copy of one series, compared by content. */
    record StoredSeries(String labels, List<Long> timestamps, List<Long> valueBits) {
        static StoredSeries of(Series series) {
            return new StoredSeries(series.labels().toString(),
                    Arrays.stream(series.timestamps()).boxed().toList(),
                    Arrays.stream(series.values()).mapToLong(Double::doubleToRawLongBits).boxed().toList());
        }
    }

    private final Map<String, List<StoredSeries>> batches = new LinkedHashMap<>();
    private final List<String> writeCalls = new ArrayList<>();
    private final Map<String, Supplier<RuntimeException>> failures = new LinkedHashMap<>();

    void failBatch(String batchId, Supplier<RuntimeException> failure) {
        failures.put(batchId, failure);
    }

    void heal() {
        failures.clear();
    }

    @Override
    public synchronized void write(String batchId, List<Series> series) {
        writeCalls.add(batchId);
        Supplier<RuntimeException> failure = failures.get(batchId);
        if (failure != null) {
            throw failure.get();
        }
        for (Series one : series) {
            for (int i = 1; i < one.size(); i++) {
                if (one.timestamps()[i] <= one.timestamps()[i - 1]) {
                    throw new AssertionError("samples not strictly ascending in " + one.labels());
                }
            }
        }
        batches.put(batchId, series.stream().map(StoredSeries::of).toList());
    }

    synchronized Map<String, List<StoredSeries>> batches() {
        return Map.copyOf(batches);
    }

    synchronized List<String> writeCalls() {
        return List.copyOf(writeCalls);
    }

    synchronized Set<String> batchIds() {
        return Set.copyOf(batches.keySet());
    }
}
