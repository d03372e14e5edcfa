package io.promless.api.json;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Escapes strings the way Go's encoding/json (and Prometheus's JSON codec) does, so responses
 * are byte-identical: HTML-sensitive {@code < > &} and U+2028/U+2029 as {@code \}{@code u} escapes,
 * control characters other than {@code \n \r \t} as lower-case {@code \}{@code u00xx}.
 */
final class GoCharacterEscapes extends CharacterEscapes {
    static final GoCharacterEscapes INSTANCE = new GoCharacterEscapes();

    private final int[] asciiEscapes;

    private GoCharacterEscapes() {
        asciiEscapes = standardAsciiEscapesForJSON();
        for (int c = 0; c < 0x20; c++) {
            if (c != '\n' && c != '\r' && c != '\t') {
                asciiEscapes[c] = ESCAPE_CUSTOM;
            }
        }
        asciiEscapes['<'] = ESCAPE_CUSTOM;
        asciiEscapes['>'] = ESCAPE_CUSTOM;
        asciiEscapes['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return asciiEscapes.clone();
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (ch < 0x80 || ch == 0x2028 || ch == 0x2029) {
            return new SerializedString(String.format("\\u%04x", ch));
        }
        return null;
    }
}
