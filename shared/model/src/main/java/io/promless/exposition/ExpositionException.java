package io.promless.exposition;

/** A scrape body that does not follow its format; the message says where and why. */
public class ExpositionException extends Exception {
    public ExpositionException(String message) {
        super(message);
    }
}
