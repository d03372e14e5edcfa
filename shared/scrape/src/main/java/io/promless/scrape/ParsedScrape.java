package io.promless.scrape;

import io.promless.exposition.ScrapeHandler;
import io.promless.model.MetricMetadata;
import io.promless.model.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Buffers everything a parser reports, so a body that fails half-way contributes nothing
 * (Prometheus discards the whole scrape on a parse error).
 */
final class ParsedScrape implements ScrapeHandler {
    /** @param emptyLabels names the line set to the empty value (honor_labels keeps them unset) */
    record ParsedSample(Labels labels, double value, long timestampMillis, List<String> emptyLabels) {}

    final List<ParsedSample> samples = new ArrayList<>();
    final List<MetricMetadata> metadata = new ArrayList<>();

    @Override
    public void metadata(MetricMetadata entry) {
        metadata.add(entry);
    }

    @Override
    public void sample(Labels labels, double value, long timestampMillis) {
        samples.add(new ParsedSample(labels, value, timestampMillis, List.of()));
    }

    @Override
    public void emptyLabels(List<String> names) {
        if (!samples.isEmpty()) {
            ParsedSample last = samples.get(samples.size() - 1);
            samples.set(samples.size() - 1, new ParsedSample(last.labels(), last.value(), last.timestampMillis(), List.copyOf(names)));
        }
    }
}
