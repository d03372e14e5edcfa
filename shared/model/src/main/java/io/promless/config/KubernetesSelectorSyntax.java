package io.promless.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks Kubernetes label and field selector strings at load time, with the grammar the API
 * server applies, so a typo fails the config instead of every later list request.
 */
final class KubernetesSelectorSyntax {
    /** A label name, or a label value when non-empty: at most 63 characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

    private KubernetesSelectorSyntax() {}

    /**
     * A field selector: comma-separated {@code field=value}, {@code field==value} or
     * {@code field!=value} terms (a backslash escapes a comma or an operator character).
     */
    static void checkFieldSelector(String selector) {
        for (String term : splitUnescaped(selector)) {
            if (term.isEmpty()) {
                continue;
            }
            if (!containsUnescaped(term, "!=") && !containsUnescaped(term, "==") && !containsUnescaped(term, "=")) {
                throw new ConfigException("invalid selector: '" + selector + "'; can't understand '" + term + "'");
            }
        }
    }

    /**
     * A label selector: comma-separated requirements {@code key}, {@code !key},
     * {@code key=value}, {@code key==value}, {@code key!=value}, {@code key in (a,b)},
     * {@code key notin (a,b)}, {@code key>1} and {@code key<1}.
     */
    static void checkLabelSelector(String selector) {
        new LabelParser(selector).parse();
    }

    private static List<String> splitUnescaped(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
            } else if (c == ',') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static boolean containsUnescaped(String term, String operator) {
        for (int i = 0; i + operator.length() <= term.length(); i++) {
            if (term.charAt(i) == '\\') {
                i++;
                continue;
            }
            if (term.startsWith(operator, i)) {
                return true;
            }
        }
        return false;
    }

    /** A recursive-descent reader of one label selector; errors name the offending token. */
    private static final class LabelParser {
        private final String text;
        private final List<String> tokens = new ArrayList<>();
        private int position;

        LabelParser(String text) {
            this.text = text;
            tokenize();
        }

        void parse() {
            if (tokens.isEmpty()) {
                return;
            }
            while (true) {
                requirement();
                if (position == tokens.size()) {
                    return;
                }
                expect(",");
            }
        }

        private void requirement() {
            boolean negated = peek().equals("!");
            if (negated) {
                position++;
            }
            String key = identifier("identifier");
            checkKey(key);
            if (negated || position == tokens.size() || peek().equals(",")) {
                return;
            }
            String operator = next();
            switch (operator) {
                case "=", "==", "!=" -> {
                    String value = position == tokens.size() || peek().equals(",") ? "" : identifier("identifier");
                    checkValue(value);
                }
                case "in", "notin" -> {
                    expect("(");
                    while (true) {
                        String value = peek().equals(",") || peek().equals(")") ? "" : identifier("identifier");
                        checkValue(value);
                        String separator = next();
                        if (separator.equals(")")) {
                            break;
                        }
                        if (!separator.equals(",")) {
                            throw error("found '" + separator + "', expected: ',' or ')'");
                        }
                    }
                }
                case ">", "<" -> {
                    String value = identifier("integer");
                    if (!INTEGER.matcher(value).matches()) {
                        throw error("for 'Gt', 'Lt' operators, the value must be an integer");
                    }
                }
                default -> throw error("found '" + operator + "', expected: in, notin, =, ==, !=, gt, lt");
            }
        }

        private String identifier(String what) {
            if (position == tokens.size()) {
                throw error("found '', expected: " + what);
            }
            String token = next();
            if (isOperator(token)) {
                throw error("found '" + token + "', expected: " + what);
            }
            return token;
        }

        private void expect(String token) {
            String found = position == tokens.size() ? "" : next();
            if (!found.equals(token)) {
                throw error("found '" + found + "', expected: '" + token + "'");
            }
        }

        private String peek() {
            return position < tokens.size() ? tokens.get(position) : "";
        }

        private String next() {
            if (position >= tokens.size()) {
                throw error("found '', expected: identifier");
            }
            return tokens.get(position++);
        }

        private static boolean isOperator(String token) {
            return switch (token) {
                case "=", "==", "!=", "!", ">", "<", "(", ")", ",", "in", "notin" -> true;
                default -> false;
            };
        }

        private void checkKey(String key) {
            int slash = key.indexOf('/');
            String name = slash < 0 ? key : key.substring(slash + 1);
            if (slash >= 0) {
                String prefix = key.substring(0, slash);
                if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                    throw error("invalid label key \"" + key + "\": prefix part must be a DNS subdomain");
                }
            }
            if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
                throw error("invalid label key \"" + key + "\": name part must consist of alphanumeric characters, "
                        + "'-', '_' or '.', and must start and end with an alphanumeric character");
            }
        }

        private void checkValue(String value) {
            if (!value.isEmpty() && (value.length() > 63 || !NAME.matcher(value).matches())) {
                throw error("invalid label value: \"" + value + "\": a valid label must be an empty string or consist "
                        + "of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
            }
        }

        private ConfigException error(String detail) {
            return new ConfigException("unable to parse requirement: " + detail + " (in label selector '" + text + "')");
        }

        private void tokenize() {
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '=' || c == '!') {
                    boolean twoChars = i + 1 < text.length() && text.charAt(i + 1) == '=';
                    tokens.add(text.substring(i, twoChars ? i + 2 : i + 1));
                    i += twoChars ? 2 : 1;
                } else if (c == '>' || c == '<' || c == '(' || c == ')' || c == ',') {
                    tokens.add(String.valueOf(c));
                    i++;
                } else {
                    int start = i;
                    while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && "=!<>(),".indexOf(text.charAt(i)) < 0) {
                        i++;
                    }
                    tokens.add(text.substring(start, i));
                }
            }
        }
    }
}
