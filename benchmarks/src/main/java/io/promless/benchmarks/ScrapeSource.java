package io.promless.benchmarks;

import io.promless.model.labels.Labels;
import java.util.List;

/** Scrapes of a fixed set of targets, one sample per series per scrape, for the ingest benchmark. */
interface ScrapeSource {
    int targets();

    /** Scrape number {@code scrapeIndex} of {@code target}; every series of it shares one timestamp. */
    Scrape scrape(int target, int scrapeIndex);

    record Scrape(List<Labels> labels, long timestamp, double[] values) {}
}
