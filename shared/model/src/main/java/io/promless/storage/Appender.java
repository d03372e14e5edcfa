package io.promless.storage;

import io.promless.model.MetricMetadata;
import io.promless.model.labels.Labels;

/**
 * Collects samples for one batch; nothing is visible or durable before {@link #commit()}.
 * Single-threaded. After commit or rollback the appender must not be used again.
 */
public interface Appender {
    void append(Labels labels, long timestamp, double value);

    /** Metadata of a metric family; sinks that keep none may ignore it. */
    default void appendMetadata(MetricMetadata metadata) {}

    /** Makes the batch durable; throws when it could not, in which case nothing is lost upstream. */
    void commit();

    void rollback();
}
