package io.promless.exposition;

/** Parses one complete scrape body. Implementations are stateless and thread-safe. */
public interface ExpositionParser {
    /**
     * Reports every sample and metadata entry of the body to the handler. On a syntax error it
     * throws; samples already reported stay reported, so callers that need all-or-nothing
     * buffer them (Prometheus discards the whole scrape on error).
     */
    void parse(byte[] body, ScrapeHandler handler) throws ExpositionException;
}
