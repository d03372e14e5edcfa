package io.promless.promql.parser;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/** Turns the first ANTLR syntax error into a Prometheus-style {@code line:col: parse error: ...}. */
final class ParseErrorListener extends BaseErrorListener {
    static final ParseErrorListener INSTANCE = new ParseErrorListener();

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column, String message,
            RecognitionException cause) {
        String detail;
        if (offendingSymbol instanceof Token token) {
            detail = token.getType() == Token.EOF
                    ? "unexpected end of input"
                    : "unexpected " + describe(token.getText());
        } else {
            detail = message;
        }
        throw error(line, column, detail);
    }

    static PromlessException error(int line, int column, String detail) {
        return new PromlessException(ErrorType.BAD_DATA, line + ":" + (column + 1) + ": parse error: " + detail);
    }

    private static String describe(String text) {
        if (text.startsWith("\"") || text.startsWith("'") || text.startsWith("`")) {
            return "string " + text;
        }
        return "\"" + text + "\"";
    }
}
