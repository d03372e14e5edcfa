package io.promless.storage;

/** Where scrape, ingest and the pushgateway write: hands out one appender per batch. Thread-safe. */
@FunctionalInterface
public interface Appendable {
    Appender appender();
}
