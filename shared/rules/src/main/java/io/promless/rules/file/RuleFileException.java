package io.promless.rules.file;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;

/** A rule file that cannot be read or is invalid; the message names the file, line and field as Prometheus does. */
public final class RuleFileException extends PromlessException {
    public RuleFileException(String message) {
        super(ErrorType.BAD_DATA, message);
    }

    public RuleFileException(String message, Throwable cause) {
        super(ErrorType.BAD_DATA, message, cause);
    }
}
