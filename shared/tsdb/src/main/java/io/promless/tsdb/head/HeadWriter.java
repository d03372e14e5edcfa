package io.promless.tsdb.head;

import io.promless.storage.Series;
import java.util.List;

/**
 * Writes a batch of samples into the head as segments. {@code batchId} derives from the
 * queue message(s) the batch came from: writing the same batch id with the same samples again
 * leaves the stored data unchanged. Series must already be validated (labels sorted, unique,
 * with a metric name). Thread-safe.
 */
public interface HeadWriter {
    void write(String batchId, List<Series> series);
}
