package io.promless.rules.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits template text into text runs and actions ({@code {{ ... }}}), honouring the trim markers
 * {@code {{- } and { -}}} and comments, and tokenizes each action's content.
 */
final class TemplateLexer {
    /** A text run or an action's tokens, with the line it starts on. */
    record Piece(String text, List<Token> tokens, int line) {
        boolean isText() {
            return tokens == null;
        }
    }

    enum Kind {
        IDENTIFIER,
        VARIABLE,
        FIELD,
        STRING,
        NUMBER,
        CHAR,
        LEFT_PAREN,
        RIGHT_PAREN,
        PIPE,
        DECLARE,
        ASSIGN,
        COMMA,
        DOT
    }

    /** {@code attached}: a field that continues the term before it ({@code $x.a}) rather than starting at dot. */
    record Token(Kind kind, String text, boolean attached) {
        Token(Kind kind, String text) {
            this(kind, text, false);
        }
    }

    private TemplateLexer() {}

    static List<Piece> split(String name, String text) {
        List<Piece> pieces = new ArrayList<>();
        int position = 0;
        int line = 1;
        while (position < text.length()) {
            int open = text.indexOf("{{", position);
            if (open < 0) {
                pieces.add(new Piece(text.substring(position), null, line));
                break;
            }
            String run = text.substring(position, open);
            int contentStart = open + 2;
            if (text.startsWith("- ", contentStart) || text.startsWith("-\t", contentStart) || text.startsWith("-\n", contentStart)
                    || text.startsWith("-\r", contentStart)) {
                run = run.stripTrailing();
                contentStart += 1;
            }
            if (!run.isEmpty()) {
                pieces.add(new Piece(run, null, line));
            }
            line += count(text, position, open);
            int close = findClose(name, text, contentStart, line);
            int contentEnd = close;
            int after = close + 2;
            boolean trimAfter = false;
            if (close > contentStart && text.charAt(close - 1) == '-' && close - 2 >= contentStart
                    && Character.isWhitespace(text.charAt(close - 2))) {
                contentEnd = close - 1;
                trimAfter = true;
            }
            String content = text.substring(contentStart, contentEnd).strip();
            line += count(text, open, after);
            if (!(content.startsWith("/*") && content.endsWith("*/"))) {
                pieces.add(new Piece(null, tokenize(name, content, line), line));
            }
            position = after;
            if (trimAfter) {
                while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                    if (text.charAt(position) == '\n') {
                        line++;
                    }
                    position++;
                }
            }
        }
        return pieces;
    }

    private static int count(String text, int from, int to) {
        int lines = 0;
        for (int i = from; i < to && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** The index of the closing {@code }}}, skipping quoted strings inside the action. */
    private static int findClose(String name, String text, int from, int line) {
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '`' || c == '\'') {
                quote = c;
            } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                return i;
            }
        }
        throw new TemplateException("template: " + name + ":" + line + ": unclosed action");
    }

    static List<Token> tokenize(String name, String content, int line) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < content.length()) {
            char c = content.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                tokens.add(new Token(Kind.LEFT_PAREN, "("));
                i++;
            } else if (c == ')') {
                tokens.add(new Token(Kind.RIGHT_PAREN, ")"));
                i++;
                i = fields(content, i, tokens, true);
            } else if (c == '|') {
                tokens.add(new Token(Kind.PIPE, "|"));
                i++;
            } else if (c == ',') {
                tokens.add(new Token(Kind.COMMA, ","));
                i++;
            } else if (c == ':' && i + 1 < content.length() && content.charAt(i + 1) == '=') {
                tokens.add(new Token(Kind.DECLARE, ":="));
                i += 2;
            } else if (c == '=') {
                tokens.add(new Token(Kind.ASSIGN, "="));
                i++;
            } else if (c == '"' || c == '`') {
                int end = stringEnd(name, content, i, line);
                tokens.add(new Token(Kind.STRING, content.substring(i, end)));
                i = end;
            } else if (c == '\'') {
                int end = stringEnd(name, content, i, line);
                tokens.add(new Token(Kind.CHAR, content.substring(i, end)));
                i = end;
            } else if (c == '$') {
                int end = wordEnd(content, i + 1);
                tokens.add(new Token(Kind.VARIABLE, content.substring(i, end)));
                i = end;
                i = fields(content, i, tokens, true);
            } else if (c == '.') {
                if (i + 1 < content.length() && isWordChar(content.charAt(i + 1))) {
                    i = fields(content, i, tokens, false);
                } else {
                    tokens.add(new Token(Kind.DOT, "."));
                    i++;
                }
            } else if (Character.isDigit(c) || ((c == '-' || c == '+') && i + 1 < content.length()
                    && (Character.isDigit(content.charAt(i + 1)) || content.charAt(i + 1) == '.'))) {
                int end = i + 1;
                while (end < content.length() && (Character.isLetterOrDigit(content.charAt(end)) || content.charAt(end) == '.'
                        || content.charAt(end) == '_'
                        || ((content.charAt(end) == '-' || content.charAt(end) == '+')
                                && (content.charAt(end - 1) == 'e' || content.charAt(end - 1) == 'E')))) {
                    end++;
                }
                tokens.add(new Token(Kind.NUMBER, content.substring(i, end)));
                i = end;
            } else if (isWordChar(c)) {
                int end = wordEnd(content, i);
                tokens.add(new Token(Kind.IDENTIFIER, content.substring(i, end)));
                i = end;
                i = fields(content, i, tokens, true);
            } else {
                throw new TemplateException("template: " + name + ":" + line + ": unexpected \"" + c + "\" in command");
            }
        }
        return tokens;
    }

    /** Reads {@code .Field.Field} chains following a term. */
    private static int fields(String content, int from, List<Token> tokens, boolean attachedFirst) {
        int i = from;
        boolean attached = attachedFirst;
        while (i + 1 < content.length() && content.charAt(i) == '.' && isWordChar(content.charAt(i + 1))) {
            int end = wordEnd(content, i + 1);
            tokens.add(new Token(Kind.FIELD, content.substring(i + 1, end), attached));
            attached = true;
            i = end;
        }
        return i;
    }

    private static int stringEnd(String name, String content, int start, int line) {
        char quote = content.charAt(start);
        for (int i = start + 1; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c == '\\' && quote != '`') {
                i++;
            } else if (c == quote) {
                return i + 1;
            }
        }
        throw new TemplateException("template: " + name + ":" + line + ": unterminated quoted string");
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static int wordEnd(String content, int from) {
        int i = from;
        while (i < content.length() && isWordChar(content.charAt(i))) {
            i++;
        }
        return i;
    }
}
