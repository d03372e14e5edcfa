package io.promless.api;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelMatcher;
import java.util.ArrayList;
import java.util.List;

/** The {@code match[]} selectors of a request, parsed and checked as Prometheus's {@code parseMatchersParam}. */
final class MatcherSets {
    private MatcherSets() {}

    /**
     * Parses every selector before judging any (a parse error wins), then requires each set to
     * have a matcher that does not match the empty string.
     *
     * @throws PromlessException BAD_DATA with Prometheus's message, not yet wrapped with the
     *     parameter name (endpoints differ on that)
     */
    static List<List<LabelMatcher>> parse(SeriesSelectorParser parser, List<String> selectors) {
        List<List<LabelMatcher>> sets = new ArrayList<>(selectors.size());
        for (String selector : selectors) {
            List<LabelMatcher> matchers;
            try {
                matchers = parser.parse(selector);
            } catch (IllegalArgumentException e) {
                throw new PromlessException(ErrorType.BAD_DATA, e.getMessage(), e);
            }
            sets.add(List.copyOf(matchers));
        }
        for (List<LabelMatcher> set : sets) {
            if (set.stream().allMatch(LabelMatcher::matchesEmpty)) {
                throw new PromlessException(ErrorType.BAD_DATA, "match[] must contain at least one non-empty matcher");
            }
        }
        return sets;
    }
}
