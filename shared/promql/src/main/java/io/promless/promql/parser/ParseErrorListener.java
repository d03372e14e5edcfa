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
                    ? endOfInput(token.getInputStream() == null ? "" : token.getInputStream().toString())
                    : "unexpected " + describe(token.getText());
        } else {
            detail = message;
        }
        throw error(line, column, detail);
    }

    static PromlessException error(int line, int column, String detail) {
        return new PromlessException(ErrorType.BAD_DATA, line + ":" + (column + 1) + ": parse error: " + detail);
    }

    /**
     * What Prometheus's lexer says when the input ends early: it tracks open braces, parentheses
     * and brackets, and names the one left open before the parser sees the end.
     */
    static String endOfInput(String input) {
        int parenDepth = 0;
        boolean bracketOpen = false;
        boolean braceOpen = false;
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            switch (c) {
                case '"', '\'', '`' -> i = closingQuote(input, i);
                case '#' -> {
                    while (i + 1 < input.length() && input.charAt(i + 1) != '\n') {
                        i++;
                    }
                }
                case '(' -> parenDepth++;
                case ')' -> parenDepth--;
                case '[' -> bracketOpen = true;
                case ']' -> bracketOpen = false;
                case '{' -> braceOpen = true;
                case '}' -> braceOpen = false;
                default -> {
                    // Other characters do not change what is open.
                }
            }
        }
        if (braceOpen) {
            return "unexpected end of input inside braces";
        }
        if (parenDepth > 0) {
            return "unclosed left parenthesis";
        }
        if (bracketOpen) {
            return "unclosed left bracket";
        }
        return "unexpected end of input";
    }

    /** The index of the quote closing the string opened at {@code open}, or the last index. */
    private static int closingQuote(String input, int open) {
        char quote = input.charAt(open);
        for (int i = open + 1; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c == '\\' && quote != '`') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return input.length() - 1;
    }

    private static String describe(String text) {
        if (text.startsWith("\"") || text.startsWith("'") || text.startsWith("`")) {
            return "string " + text;
        }
        return "\"" + text + "\"";
    }
}
