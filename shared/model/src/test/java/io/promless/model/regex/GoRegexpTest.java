package io.promless.model.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.MatchResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoRegexpTest {
    @ParameterizedTest(name = "{0} on {1} expands {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "(\\w+) (\\w+)|hello world|$2 $1|world hello",
            "(\\w+) (\\w+)|hello world|${2}x|worldx",
            "(\\w+) (\\w+)|hello world|$2x|\"\"",
            "(\\w+) (\\w+)|hello world|$$2|$2",
            "(\\w+) (\\w+)|hello world|$|$",
            "(\\w+) (\\w+)|hello world|${2|${2",
            "(\\w+) (\\w+)|hello world|$-|$-",
            "(\\w+) (\\w+)|hello world|$3<$0>|<hello world>",
            "(?P<key>\\w+)=(?P<value>\\w+)|a=b|$value:$key|b:a",
            "(?P<key>\\w+)=(?P<value>\\w+)|a=b|${value}_$key|b_a",
            "(?P<key>\\w+)=(?P<value>\\w+)|a=b|$value_$key|a",
            "(?P<my_key>\\w+)=(\\w+)|a=b|${my_key}$2|ab",
            "(a)?(b)|b|[$1][$2]|[][b]",
    })
    void expandsAsGo(String regex, String text, String template, String expected) {
        GoRegexp regexp = GoRegexp.compile(regex);
        MatchResult match = regexp.find(text);
        assertThat(match).isNotNull();
        assertThat(regexp.expand(template, text, match)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "foo|foo|true",
            "foo|xfoo|false",
            "foo|foo<NL>|false",
            "f.o|f<NL>o|true",
            "[]a]+|]a]|true",
            "[[:digit:]]+|123|true",
            "[[:^digit:]]+|abc|true",
            "[[:^digit:]]+|a1c|false",
            "[a[]+|[a[|true",
            "\\Q.*\\E|.*|true",
            "\\Q.*\\E|ab|false",
            "(?i)abc|ABC|true",
            "a{2,3}|aaa|true",
    })
    void anchoredMatchingAsPrometheus(String regex, String text, boolean expected) {
        assertThat(GoRegexp.compileAnchored(regex).matches(text.replace("<NL>", "\n"))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "(?=a)|invalid or unsupported Perl syntax: `(?=`",
            "(?<!a)b|invalid or unsupported Perl syntax: `(?<!`",
            "(a)\\1|invalid escape sequence: `\\1`",
            "[a|missing closing ]",
            "(a|error parsing regexp",
            "[[:nope:]]|invalid character class range: `[:nope:]`",
    })
    void rejectsWhatRe2Rejects(String regex, String message) {
        assertThatThrownBy(() -> GoRegexp.compileAnchored(regex))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("error parsing regexp: ")
                .hasMessageContaining(message);
    }

    /** Go's U flag swaps greedy and lazy quantifiers; Java's (?U) means Unicode classes instead. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "(?U)(.+)\\..*      | 10.0.0.1:9100 | 10",
        "(.+)\\..*          | 10.0.0.1:9100 | 10.0.0",
        "(?U)(.+?)\\..*     | 10.0.0.1:9100 | 10.0.0",
        "(?U:(a+))a*         | aaaa          | a",
        "((?U)a+)a*          | aaaa          | a",
        "((?U)a+)(a*)        | aaaa          | a",
        "(a{1,3})            | aaaa          | aaa",
        "(?U)(a{1,3})        | aaaa          | a",
        "(?U-U)(a+)          | aaaa          | aaaa",
    })
    void ungreedyFlagSwapsQuantifiers(String expression, String text, String firstGroup) {
        java.util.regex.MatchResult match = GoRegexp.compile(expression).find(text);
        org.assertj.core.api.Assertions.assertThat(match).isNotNull();
        org.assertj.core.api.Assertions.assertThat(match.group(1)).isEqualTo(firstGroup);
    }

    @Test
    void aBraceThatIsNotARepetitionIsLiteral() {
        org.assertj.core.api.Assertions.assertThat(GoRegexp.compileAnchored("a{b").matches("a{b")).isTrue();
        org.assertj.core.api.Assertions.assertThat(GoRegexp.compileAnchored("a{2}").matches("aa")).isTrue();
    }
}
