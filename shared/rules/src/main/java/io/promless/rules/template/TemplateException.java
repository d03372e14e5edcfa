package io.promless.rules.template;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;

/** A template that does not parse or fails while executing; the message reads like Go's text/template errors. */
public final class TemplateException extends PromlessException {
    public TemplateException(String message) {
        super(ErrorType.BAD_DATA, message);
    }
}
