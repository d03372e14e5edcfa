package io.promless.local.objects;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObjectKeyPathsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "index           | index",
        "block.parquet   | block.parquet",
        ".hidden         | %2Ehidden",
        "..              | %2E.",
        "a b             | a%20b",
        "tilde~          | tilde%7E",
        "ü               | %C3%BC",
        "100%            | 100%25"})
    void segmentsEscapeToSafeFileNamesAndBack(String segment, String fileName) {
        assertThat(ObjectKeyPaths.escape(segment)).isEqualTo(fileName);
        assertThat(ObjectKeyPaths.unescape(fileName)).hasValue(segment);
    }

    @ParameterizedTest
    @CsvSource({"%", "%4", "%ZZ", "a b", "ü"})
    void namesWeDidNotWriteAreNotKeys(String fileName) {
        if (fileName.equals("%")) {
            assertThat(ObjectKeyPaths.unescape(fileName)).hasValue("");
        } else {
            assertThat(ObjectKeyPaths.unescape(fileName)).isEmpty();
        }
    }
}
