package io.promless.blocks.parquet;

import io.promless.model.labels.Labels;

/**
 * One block row: a series' labels, its time range and one encoded chunk per data column
 * ({@code null} where the series has no samples in that slice). Arrays are not copied.
 */
public record SeriesRow(Labels labels, long minTime, long maxTime, byte[][] chunks) {}
