package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The targets scraped at one instant: their samples are stamped {@code timeMillis}. */
public record ScrapeRound(long timeMillis, List<ScrapeTarget> targets) {
    public ScrapeRound {
        requireNonNull(targets, "targets is null");
        targets = List.copyOf(targets);
    }
}
