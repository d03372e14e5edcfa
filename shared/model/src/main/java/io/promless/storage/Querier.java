package io.promless.storage;

import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import java.util.List;

/**
 * Reads the series of one time window {@code [minTime, maxTime]} (milliseconds, inclusive),
 * as fixed when the querier was opened. Single-threaded; close it when done.
 */
public interface Querier extends AutoCloseable {
    /**
     * Series whose labels satisfy every matcher and that have samples in the window, sorted by
     * labels; each carries only its samples inside the window, ascending, de-duplicated by
     * timestamp. At least one matcher must not match the empty string.
     */
    List<Series> select(List<LabelMatcher> matchers);

    /** Label sets of the matching series (samples not loaded), sorted. */
    List<Labels> series(List<LabelMatcher> matchers);

    /** Sorted, distinct label names of the matching series; all series when matchers is empty. */
    List<String> labelNames(List<LabelMatcher> matchers);

    /** Sorted, distinct values of one label over the matching series; all series when matchers is empty. */
    List<String> labelValues(String name, List<LabelMatcher> matchers);

    /**
     * Problems that left data out of the answers so far (e.g. a block that could not be read),
     * one sentence each; the query API returns them as warnings beside a partial result, as
     * Prometheus does. Empty by default.
     */
    default List<String> warnings() {
        return List.of();
    }

    @Override
    void close();
}
