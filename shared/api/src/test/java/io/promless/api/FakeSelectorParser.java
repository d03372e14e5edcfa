package io.promless.api;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.MatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny selector parser for tests: {@code name}, {@code name{a="x",b=~"y"}} and {@code {a!="x"}}.
 * Unclosed braces fail with Prometheus's message for them.
 */
public final class FakeSelectorParser implements SeriesSelectorParser {
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?(\\{(.*)\\})?");
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"\\s*");

    @Override
    public List<LabelMatcher> parse(String selector) {
        if (selector.contains("{") && !selector.endsWith("}")) {
            throw new PromlessException(
                    ErrorType.BAD_DATA, "1:" + (selector.length() + 1) + ": parse error: unexpected end of input inside braces");
        }
        Matcher matcher = SELECTOR.matcher(selector);
        if (selector.isEmpty() || !matcher.matches()) {
            throw new PromlessException(ErrorType.BAD_DATA, "1:1: parse error: unexpected character");
        }
        List<LabelMatcher> matchers = new ArrayList<>();
        if (matcher.group(1) != null) {
            matchers.add(LabelMatcher.equal("__name__", matcher.group(1)));
        }
        String inner = matcher.group(3);
        if (inner != null && !inner.isBlank()) {
            for (String part : inner.split(",")) {
                Matcher one = MATCHER.matcher(part);
                if (!one.matches()) {
                    throw new PromlessException(ErrorType.BAD_DATA, "1:1: parse error: bad matcher " + part);
                }
                MatchType type = switch (one.group(2)) {
                    case "=" -> MatchType.EQUAL;
                    case "!=" -> MatchType.NOT_EQUAL;
                    case "=~" -> MatchType.REGEX;
                    default -> MatchType.NOT_REGEX;
                };
                matchers.add(LabelMatcher.of(type, one.group(1), one.group(3)));
            }
        }
        return matchers;
    }
}
