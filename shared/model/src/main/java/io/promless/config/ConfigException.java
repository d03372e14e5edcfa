package io.promless.config;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;

/** A configuration file that cannot be read or is invalid; the message follows Prometheus's wording. */
public class ConfigException extends PromlessException {
    public ConfigException(String message) {
        super(ErrorType.BAD_DATA, message);
    }

    public ConfigException(String message, Throwable cause) {
        super(ErrorType.BAD_DATA, message, cause);
    }
}
