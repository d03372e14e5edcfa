package io.promless.ingest;

import static java.util.Objects.requireNonNull;

import io.promless.storage.Series;
import java.util.List;

/**
 * The series of one remote-write request that passed validation, ready for the head writer
 * (labels sorted and unique, samples ascending without duplicate timestamps), and what was
 * dropped. {@code rejections} holds the first few reasons for logs; the counts cover all.
 */
public record ValidatedRequest(
        List<Series> series,
        long samples,
        int seriesRejected,
        long samplesRejected,
        long duplicateSamplesDropped,
        List<String> rejections) {
    public ValidatedRequest {
        series = List.copyOf(requireNonNull(series, "series is null"));
        rejections = List.copyOf(requireNonNull(rejections, "rejections is null"));
    }
}
