package io.promless.local.cli;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;

/** A command line that cannot be understood; the message says which flag and why. */
public final class FlagException extends PromlessException {
    public FlagException(String message) {
        super(ErrorType.BAD_DATA, message);
    }

    public FlagException(String message, Throwable cause) {
        super(ErrorType.BAD_DATA, message, cause);
    }
}
