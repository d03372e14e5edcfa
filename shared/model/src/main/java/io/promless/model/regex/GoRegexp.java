package io.promless.model.regex;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression written in Go's RE2 syntax, as Prometheus configs use them, run on
 * {@link java.util.regex}. The translation covers what differs in practice: named groups
 * ({@code (?P<name>...)} and {@code (?<name>...)}, whose names may hold underscores), {@code $}
 * matching only at the very end (Java also matches before a final newline), {@code [} and
 * {@code &&} being literal inside character classes, POSIX classes such as {@code [[:alpha:]]},
 * and rejecting Perl constructs RE2 refuses (look-around, back references, atomic groups).
 * {@link #expand} follows Go's {@code Regexp.Expand}.
 */
public final class GoRegexp {
    private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
            Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\x00-\\x7F"),
            Map.entry("blank", "\\t "), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "0-9"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "a-z"), Map.entry("print", "\\p{Print}"),
            Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\t\\n\\x0B\\f\\r "), Map.entry("upper", "A-Z"),
            Map.entry("word", "0-9A-Za-z_"), Map.entry("xdigit", "0-9A-Fa-f"));

    private final String source;
    private final Pattern pattern;
    private final Map<String, Integer> groupNames;

    private GoRegexp(String source, Pattern pattern, Map<String, Integer> groupNames) {
        this.source = source;
        this.pattern = pattern;
        this.groupNames = Map.copyOf(groupNames);
    }

    /**
     * Compiles an RE2 expression.
     *
     * @throws IllegalArgumentException worded as Go's {@code error parsing regexp: ...}
     */
    public static GoRegexp compile(String expression) {
        requireNonNull(expression, "expression is null");
        Translation translation = new Translation(expression);
        try {
            return new GoRegexp(expression, Pattern.compile(translation.translate(), Pattern.UNIX_LINES),
                    translation.groupNames);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("error parsing regexp: " + e.getDescription() + ": `" + expression + "`", e);
        }
    }

    /** Prometheus's relabel regex: {@code ^(?s:expression)$}, matching whole values only. */
    public static GoRegexp compileAnchored(String expression) {
        requireNonNull(expression, "expression is null");
        try {
            return compile("^(?s:" + expression + ")$");
        } catch (IllegalArgumentException e) {
            // Name the expression as written, not the anchored wrapper.
            String message = e.getMessage().replace("`^(?s:" + expression + ")$`", "`" + expression + "`");
            throw new IllegalArgumentException(message, e);
        }
    }

    public String source() {
        return source;
    }

    /** Whether the expression matches anywhere in {@code text}, as Go's MatchString. */
    public boolean matches(String text) {
        return pattern.matcher(text).find();
    }

    /** The leftmost match in {@code text}, or null: Go's FindStringSubmatchIndex. */
    public MatchResult find(String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.toMatchResult() : null;
    }

    /**
     * Go's {@code Regexp.ExpandString}: {@code $$} is a dollar; {@code $name} and
     * {@code ${name}} take the longest run of letters, digits and underscores as the name, a
     * number (without leading zeros) being a group index; unknown or unmatched groups expand to
     * nothing; a {@code $} not followed by a valid name is copied as is.
     */
    public String expand(String template, String text, MatchResult match) {
        StringBuilder out = new StringBuilder(template.length() + 16);
        int i = 0;
        while (i < template.length()) {
            int dollar = template.indexOf('$', i);
            if (dollar < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, dollar);
            i = dollar + 1;
            if (i < template.length() && template.charAt(i) == '$') {
                out.append('$');
                i++;
                continue;
            }
            Reference reference = Reference.parse(template, i);
            if (reference == null) {
                out.append('$');
                continue;
            }
            i = reference.end();
            int group = reference.number() >= 0 ? reference.number() : groupNames.getOrDefault(reference.name(), -1);
            if (group >= 0 && group <= match.groupCount() && match.start(group) >= 0) {
                out.append(text, match.start(group), match.end(group));
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GoRegexp that && source.equals(that.source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }

    /** A {@code $name} / {@code ${name}} reference; number is -1 for a name that is no index. */
    private record Reference(String name, int number, int end) {
        static Reference parse(String template, int start) {
            int i = start;
            boolean brace = i < template.length() && template.charAt(i) == '{';
            if (brace) {
                i++;
            }
            int nameStart = i;
            while (i < template.length()) {
                int codePoint = template.codePointAt(i);
                if (!Character.isLetter(codePoint) && !Character.isDigit(codePoint) && codePoint != '_') {
                    break;
                }
                i += Character.charCount(codePoint);
            }
            if (i == nameStart) {
                return null;
            }
            String name = template.substring(nameStart, i);
            if (brace) {
                if (i >= template.length() || template.charAt(i) != '}') {
                    return null;
                }
                i++;
            }
            return new Reference(name, groupNumber(name), i);
        }

        private static int groupNumber(String name) {
            if (name.length() > 1 && name.charAt(0) == '0') {
                return -1;
            }
            int number = 0;
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c < '0' || c > '9' || number >= 100_000_000) {
                    return -1;
                }
                number = number * 10 + (c - '0');
            }
            return number;
        }
    }

    /** Rewrites RE2 syntax into java.util.regex syntax, numbering capture groups on the way. */
    private static final class Translation {
        private final String source;
        private final StringBuilder out = new StringBuilder();
        private final Map<String, Integer> groupNames = new HashMap<>();
        private final boolean multiline;
        // Go's U flag (ungreedy: x* means x*? and back) per open group; Java has no such flag.
        private final java.util.ArrayDeque<Boolean> ungreedyScopes = new java.util.ArrayDeque<>(java.util.List.of(false));
        private int groups;
        private int i;

        Translation(String source) {
            this.source = source;
            this.multiline = source.matches("(?s).*\\(\\?[a-zA-Z]*m[a-zA-Z-]*[:)].*");
        }

        String translate() {
            while (i < source.length()) {
                char c = source.charAt(i);
                switch (c) {
                    case '\\' -> escape();
                    case '[' -> characterClass();
                    case '(' -> group();
                    case '$' -> {
                        out.append(multiline ? "$" : "\\z");
                        i++;
                    }
                    case ')' -> {
                        if (ungreedyScopes.size() > 1) {
                            ungreedyScopes.pop();
                        }
                        out.append(c);
                        i++;
                    }
                    case '*', '+', '?' -> {
                        out.append(c);
                        i++;
                        laziness();
                    }
                    case '{' -> repetition();
                    default -> {
                        out.append(c);
                        i++;
                    }
                }
            }
            return out.toString();
        }

        private void escape() {
            if (i + 1 >= source.length()) {
                throw syntax("trailing backslash at end of expression", "");
            }
            char next = source.charAt(i + 1);
            if (next >= '1' && next <= '9') {
                throw syntax("invalid escape sequence", "\\" + next);
            }
            if (next == 'Q') {
                int end = source.indexOf("\\E", i + 2);
                int stop = end < 0 ? source.length() : end;
                out.append(Pattern.quote(source.substring(i + 2, stop)));
                i = end < 0 ? source.length() : end + 2;
                return;
            }
            out.append('\\').append(next);
            i += 2;
        }

        private void group() {
            if (source.startsWith("(?P<", i) || (source.startsWith("(?<", i) && !source.startsWith("(?<=", i)
                    && !source.startsWith("(?<!", i))) {
                int nameStart = source.indexOf('<', i) + 1;
                int nameEnd = source.indexOf('>', nameStart);
                if (nameEnd < 0) {
                    throw syntax("invalid named capture", source.substring(i));
                }
                String name = source.substring(nameStart, nameEnd);
                if (name.isEmpty() || !name.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
                    throw syntax("invalid named capture", source.substring(i, nameEnd + 1));
                }
                groups++;
                if (groupNames.putIfAbsent(name, groups) != null) {
                    throw syntax("duplicate capture group name", name);
                }
                ungreedyScopes.push(ungreedyScopes.peek());
                out.append('(');
                i = nameEnd + 1;
                return;
            }
            if (source.startsWith("(?", i)) {
                for (String unsupported : new String[] {"(?=", "(?!", "(?<=", "(?<!", "(?>"}) {
                    if (source.startsWith(unsupported, i)) {
                        throw syntax("invalid or unsupported Perl syntax", unsupported);
                    }
                }
                flagGroup();
                return;
            }
            groups++;
            ungreedyScopes.push(ungreedyScopes.peek());
            out.append('(');
            i++;
        }

        /**
         * {@code (?flags)} changes the flags of the enclosing group; {@code (?flags:...)} opens a
         * group with them. Java gets the flags without U, which in Java means something else.
         */
        private void flagGroup() {
            int end = i + 2;
            while (end < source.length() && source.charAt(end) != ')' && source.charAt(end) != ':') {
                end++;
            }
            if (end >= source.length()) {
                throw syntax("missing closing )", source.substring(i));
            }
            String flags = source.substring(i + 2, end);
            boolean ungreedy = ungreedyScopes.peek();
            int minus = flags.indexOf('-');
            if (flags.indexOf('U') >= 0) {
                ungreedy = minus < 0 || flags.lastIndexOf('U') < minus;
            }
            String javaFlags = flags.replace("U", "");
            boolean opensGroup = source.charAt(end) == ':';
            if (opensGroup) {
                ungreedyScopes.push(ungreedy);
            } else {
                ungreedyScopes.pop();
                ungreedyScopes.push(ungreedy);
            }
            if (javaFlags.isEmpty() || javaFlags.equals("-")) {
                out.append(opensGroup ? "(?:" : "");
            } else {
                out.append("(?").append(javaFlags).append(opensGroup ? ':' : ')');
            }
            i = end + 1;
        }

        /** After a quantifier: under U, a lazy one becomes greedy and a greedy one lazy. */
        private void laziness() {
            boolean lazy = i < source.length() && source.charAt(i) == '?';
            if (lazy) {
                i++;
            }
            if (lazy != ungreedyScopes.peek()) {
                out.append('?');
            }
        }

        /** {@code {n}}, {@code {n,}} or {@code {n,m}} is a repetition; any other brace is literal, as in Go. */
        private void repetition() {
            int close = source.indexOf('}', i);
            if (close > i && source.substring(i + 1, close).matches("\\d+(,\\d*)?")) {
                out.append(source, i, close + 1);
                i = close + 1;
                laziness();
                return;
            }
            out.append("\\{");
            i++;
        }

        /** Copies {@code [...]} with RE2's meaning: the only nesting is {@code [:name:]}. */
        private void characterClass() {
            int start = i;
            out.append('[');
            i++;
            if (i < source.length() && source.charAt(i) == '^') {
                out.append('^');
                i++;
            }
            boolean first = true;
            while (true) {
                if (i >= source.length()) {
                    throw syntax("missing closing ]", source.substring(start));
                }
                char ch = source.charAt(i);
                if (ch == ']' && !first) {
                    out.append(']');
                    i++;
                    return;
                }
                first = false;
                if (ch == '\\') {
                    if (i + 1 >= source.length()) {
                        throw syntax("missing closing ]", source.substring(start));
                    }
                    out.append(ch).append(source.charAt(i + 1));
                    i += 2;
                } else if (ch == '[' && source.startsWith("[:", i)) {
                    posixClass(start);
                } else if (ch == '[' || ch == ']' || ch == '&') {
                    out.append('\\').append(ch);
                    i++;
                } else {
                    out.append(ch);
                    i++;
                }
            }
        }

        private void posixClass(int classStart) {
            int end = source.indexOf(":]", i + 2);
            if (end < 0) {
                out.append("\\[");
                i++;
                return;
            }
            String name = source.substring(i + 2, end);
            boolean negated = name.startsWith("^");
            String members = POSIX_CLASSES.get(negated ? name.substring(1) : name);
            if (members == null) {
                throw syntax("invalid character class range", source.substring(i, end + 2));
            }
            out.append(negated ? "[^" + members + "]" : members);
            i = end + 2;
        }

        /** Worded as Go's parser words it. */
        private static IllegalArgumentException syntax(String description, String fragment) {
            return new IllegalArgumentException("error parsing regexp: " + description + ": `" + fragment + "`");
        }
    }
}
