package io.promless.model.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelsTest {
    @Test
    void pairsAreSortedByNameAndEmptyValuesDropped() {
        Labels labels = Labels.of("job", "api", "__name__", "up", "zone", "");
        assertThat(labels.names()).containsExactly("__name__", "job");
        assertThat(labels.metricName()).isEqualTo("up");
        assertThat(labels.get("zone")).isEmpty();
        assertThat(labels.toString()).isEqualTo("{__name__=\"up\", job=\"api\"}");
    }

    @Test
    void aLaterValueForTheSameNameWins() {
        assertThat(Labels.of("a", "1", "a", "2").get("a")).isEqualTo("2");
    }

    @Test
    void anOddNumberOfArgumentsIsRejected() {
        assertThatThrownBy(() -> Labels.of("a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void orderingComparesPairByPair() {
        List<Labels> sorted = List.of(Labels.of("a", "2"), Labels.of("a", "1", "b", "1"), Labels.of("a", "1"))
                .stream().sorted().toList();
        assertThat((Object) sorted).isEqualTo(List.of(Labels.of("a", "1"), Labels.of("a", "1", "b", "1"), Labels.of("a", "2")));
    }

    /** The hash keys stored series: it must equal FNV-1a over the UTF-8 bytes, whatever the characters. */
    @ParameterizedTest
    @ValueSource(strings = {"plain", "ünïcödé", "日本語", "emoji 🎉 here", "lone \uD800 surrogate", "", "\u0000nul"})
    void hashIsFnv1aOverUtf8Bytes(String value) {
        Labels labels = Labels.of("__name__", "m", "label", value.isEmpty() ? "x" : value);
        long expected = 0xcbf29ce484222325L;
        for (var label : labels) {
            for (String part : new String[] {label.name(), label.value()}) {
                for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                    expected = (expected ^ (b & 0xff)) * 0x100000001b3L;
                }
                expected = (expected ^ 0xff) * 0x100000001b3L;
            }
        }
        assertThat(labels.hash()).isEqualTo(expected);
    }

    @Test
    void escapingFollowsGoQuoting() {
        assertThat(Labels.of("a", "x\"y\\z\nw").toString()).isEqualTo("{a=\"x\\\"y\\\\z\\nw\"}");
    }
}
