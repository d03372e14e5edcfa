package io.promless.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.config.ConfigLoader;
import io.promless.config.RelabelConfig;
import io.promless.model.labels.Labels;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RelabelerTest {
    private static final Labels DROPPED = null;

    /** Rules in YAML flow style, as a relabel_configs list; the input; the output (null: dropped). */
    static Stream<Arguments> cases() {
        return Stream.of(
                // replace
                row("[{source_labels: [a], regex: 'f(.*)', target_label: d, replacement: 'ch${1}-ch${1}'}]",
                        Labels.of("a", "foo", "b", "bar"), Labels.of("a", "foo", "b", "bar", "d", "choo-choo")),
                row("[{source_labels: [a, b], regex: 'f(.*);(.*)r', target_label: a, replacement: 'b${1}${2}m'}]",
                        Labels.of("a", "foo", "b", "bar"), Labels.of("a", "boobam", "b", "bar")),
                row("[{source_labels: [a, b], separator: '|', regex: 'foo\\|bar', target_label: c, replacement: yes}]",
                        Labels.of("a", "foo", "b", "bar"), Labels.of("a", "foo", "b", "bar", "c", "yes")),
                row("[{source_labels: [a], regex: 'nomatch(.*)', target_label: d}]",
                        Labels.of("a", "foo"), Labels.of("a", "foo")),
                row("[{source_labels: [a], target_label: b}]", Labels.of("a", "foo"), Labels.of("a", "foo", "b", "foo")),
                row("[{source_labels: [missing], target_label: a}]", Labels.of("a", "foo", "b", "x"), Labels.of("b", "x")),
                row("[{target_label: env, replacement: prod}]", Labels.of("a", "foo"), Labels.of("a", "foo", "env", "prod")),
                row("[{source_labels: [a], regex: '(.+)', target_label: '${1}_copy'}]",
                        Labels.of("a", "foo"), Labels.of("a", "foo", "foo_copy", "foo")),
                row("[{source_labels: [a], regex: '(.+)', target_label: b, replacement: '$1x'}]",
                        Labels.of("a", "foo", "b", "old"), Labels.of("a", "foo")),
                row("[{source_labels: [a], regex: '(.+)', target_label: b, replacement: '${1}x'}]",
                        Labels.of("a", "foo"), Labels.of("a", "foo", "b", "foox")),
                row("[{source_labels: [a], regex: '(.+)', target_label: b, replacement: '$$1 costs $'}]",
                        Labels.of("a", "foo"), Labels.of("a", "foo", "b", "$1 costs $")),
                row("[{source_labels: [a], regex: '(.+)', target_label: b, replacement: '$01-$9-${}'}]",
                        Labels.of("a", "foo"), Labels.of("a", "foo", "b", "--${}")),
                row("[{source_labels: [a], regex: '(?P<first_part>f)(?<rest>o+)', target_label: b, replacement: '${rest}${first_part}'}]",
                        Labels.of("a", "foo"), Labels.of("a", "foo", "b", "oof")),
                row("[{source_labels: [a], regex: '(f)|(b)', target_label: b, replacement: '[$1][$2]'}]",
                        Labels.of("a", "b"), Labels.of("a", "b", "b", "[][b]")),
                row("[{source_labels: [a], regex: 'o', target_label: b, replacement: hit}]",
                        Labels.of("a", "foo"), Labels.of("a", "foo")),
                row("[{source_labels: [a], regex: 'a.b', target_label: b, replacement: dot}]",
                        Labels.of("a", "a\nb"), Labels.of("a", "a\nb", "b", "dot")),
                row("[{source_labels: [a], regex: 'a$', target_label: b, replacement: end}]",
                        Labels.of("a", "a\n"), Labels.of("a", "a\n")),
                row("[{source_labels: [a], regex: '[[:upper:]][a&&b]+', target_label: b, replacement: posix}]",
                        Labels.of("a", "Xa&&b"), Labels.of("a", "Xa&&b", "b", "posix")),
                // keep, drop
                row("[{source_labels: [a], regex: 'f.*', action: keep}]", Labels.of("a", "foo"), Labels.of("a", "foo")),
                row("[{source_labels: [a], regex: 'o', action: keep}]", Labels.of("a", "foo"), DROPPED),
                row("[{source_labels: [a], regex: 'f.*', action: drop}]", Labels.of("a", "foo"), DROPPED),
                row("[{source_labels: [a], regex: 'f', action: drop}]", Labels.of("a", "foo"), Labels.of("a", "foo")),
                row("[{source_labels: [missing], regex: '', action: keep}]", Labels.of("a", "foo"), Labels.of("a", "foo")),
                row("[{source_labels: [a], action: Keep, regex: 'FOO'}]", Labels.of("a", "foo"), DROPPED),
                row("[{source_labels: [a], action: keep, regex: '(?i)FOO'}]", Labels.of("a", "foo"), Labels.of("a", "foo")),
                // keepequal, dropequal
                row("[{source_labels: [a], target_label: b, action: keepequal}]",
                        Labels.of("a", "x", "b", "x"), Labels.of("a", "x", "b", "x")),
                row("[{source_labels: [a], target_label: b, action: keepequal}]", Labels.of("a", "x", "b", "y"), DROPPED),
                row("[{source_labels: [a], target_label: b, action: dropequal}]", Labels.of("a", "x", "b", "x"), DROPPED),
                row("[{source_labels: [a], target_label: b, action: dropequal}]",
                        Labels.of("a", "x", "b", "y"), Labels.of("a", "x", "b", "y")),
                // hashmod, and the sharding recipe of Prometheus's docs
                row("[{source_labels: [c], target_label: d, modulus: 1000, action: hashmod}]",
                        Labels.of("c", "baz"), Labels.of("c", "baz", "d", "976")),
                row("[{source_labels: [a, b], target_label: h, modulus: 7, action: hashmod}]",
                        Labels.of("a", "a", "b", "b"), Labels.of("a", "a", "b", "b", "h", "2")),
                row("[{source_labels: [__address__], modulus: 8, target_label: __tmp_hash, action: hashmod},"
                                + " {source_labels: [__tmp_hash], regex: '^5$', action: keep}]",
                        Labels.of("__address__", "10.0.0.1:9100"), Labels.of("__address__", "10.0.0.1:9100", "__tmp_hash", "5")),
                row("[{source_labels: [__address__], modulus: 8, target_label: __tmp_hash, action: hashmod},"
                                + " {source_labels: [__tmp_hash], regex: '^5$', action: keep}]",
                        Labels.of("__address__", "10.0.0.2:9100"), DROPPED),
                // labelmap
                row("[{regex: '__meta_kubernetes_pod_label_(.+)', action: labelmap}]",
                        Labels.of("__meta_kubernetes_pod_label_app", "web", "__meta_kubernetes_pod_label_tier", "front", "a", "x"),
                        Labels.of("__meta_kubernetes_pod_label_app", "web", "__meta_kubernetes_pod_label_tier", "front", "a", "x",
                                "app", "web", "tier", "front")),
                row("[{regex: '(b.*)', replacement: 'x_$1', action: labelmap}]",
                        Labels.of("a", "1", "b1", "2", "b2", "3"), Labels.of("a", "1", "b1", "2", "b2", "3", "x_b1", "2", "x_b2", "3")),
                row("[{regex: 'a', replacement: 'b', action: labelmap}]", Labels.of("a", "1", "b", "2"), Labels.of("a", "1", "b", "1")),
                // labeldrop, labelkeep
                row("[{regex: 'b.*', action: labeldrop}]", Labels.of("a", "1", "b1", "2", "cb", "3"), Labels.of("a", "1", "cb", "3")),
                row("[{regex: 'a|b1', action: labelkeep}]", Labels.of("a", "1", "b1", "2", "cb", "3"), Labels.of("a", "1", "b1", "2")),
                // lowercase, uppercase
                row("[{source_labels: [a], target_label: l, action: lowercase}]",
                        Labels.of("a", "FooBÄR"), Labels.of("a", "FooBÄR", "l", "foobär")),
                row("[{source_labels: [a, b], target_label: u, action: uppercase}]",
                        Labels.of("a", "foo", "b", "bar"), Labels.of("a", "foo", "b", "bar", "u", "FOO;BAR")),
                row("[{source_labels: [missing], target_label: a, action: uppercase}]", Labels.of("a", "x"), Labels.EMPTY),
                // rules run in order on one working set
                row("[{source_labels: [a], target_label: b}, {source_labels: [b], regex: foo, action: drop}]",
                        Labels.of("a", "foo"), DROPPED),
                row("[{source_labels: [a], regex: '(.*)o', target_label: a, replacement: '$1'},"
                                + " {source_labels: [a], regex: '(.*)o', target_label: a, replacement: '$1'}]",
                        Labels.of("a", "foo"), Labels.of("a", "f")));
    }

    private static Arguments row(String rules, Labels input, Labels expected) {
        return Arguments.of(rules, input, expected);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void relabelsAsPrometheus(String rules, Labels input, Labels expected) {
        Optional<Labels> result = Relabeler.UTF8.process(input, parse(rules));
        if (expected == DROPPED) {
            assertThat(result).isEmpty();
        } else {
            assertThat(result).contains(expected);
        }
    }

    @Test
    void aTargetNameInvalidForTheSchemeSkipsTheRule() {
        List<RelabelConfig> rules = parse("[{source_labels: [a], regex: '(.+)', target_label: '${1}', replacement: v}]");
        Labels input = Labels.of("a", "foo-bar");
        assertThat(Relabeler.LEGACY.process(input, rules)).contains(input);
        assertThat(Relabeler.UTF8.process(input, rules)).contains(Labels.of("a", "foo-bar", "foo-bar", "v"));
        assertThat(Relabeler.forValidationScheme("legacy")).isSameAs(Relabeler.LEGACY);
        assertThat(Relabeler.forValidationScheme("utf8")).isSameAs(Relabeler.UTF8);
    }

    @Test
    void hashmodReadsTheLastEightDigestBytesAsAnUnsignedNumber() {
        assertThat(Relabeler.hashMod("x", -1L)).isEqualTo(Long.parseUnsignedLong("17710500428000290726"));
        assertThat(Relabeler.hashMod("", 1000)).isEqualTo(958);
        assertThat(Relabeler.hashMod("foo", 1000)).isEqualTo(696);
    }

    @Test
    void noRulesReturnsTheSameSet() {
        Labels input = Labels.of("a", "1");
        assertThat(Relabeler.UTF8.process(input, List.of())).containsSame(input);
    }

    static List<RelabelConfig> parse(String rules) {
        String yaml = "scrape_configs:\n  - job_name: j\n    relabel_configs: " + rules + "\n";
        return ConfigLoader.standard().parse(yaml, Path.of(".")).scrapeConfigs().get(0).relabelConfigs();
    }
}
