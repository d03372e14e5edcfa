package io.promless.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.MatchType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SeriesSelectorsTest {
    @Test
    void aSelectorGivesItsMatchersIncludingTheMetricName() {
        assertThat(SeriesSelectors.parse("up{job=~\"api|web\"}")).containsExactlyInAnyOrder(
                LabelMatcher.of(MatchType.EQUAL, "__name__", "up"),
                LabelMatcher.of(MatchType.REGEX, "job", "api|web"));
    }

    @Test
    void quotedUtf8NamesAreAccepted() {
        assertThat(SeriesSelectors.parse("{\"my.metric\", \"a.b\"=\"x\"}")).contains(LabelMatcher.equal("a.b", "x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"up + 1", "rate(up[5m])", "up[5m]", "up offset 5m", "{}", "1", "up{"})
    void anythingButAPlainSelectorIsBadData(String selector) {
        assertThatThrownBy(() -> SeriesSelectors.parse(selector)).isInstanceOf(PromlessException.class)
                .hasMessageContaining("parse error");
    }
}
