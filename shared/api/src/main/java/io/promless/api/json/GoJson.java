package io.promless.api.json;

import com.fasterxml.jackson.core.JsonGenerator;

/** Sets up a Jackson generator to write JSON byte-for-byte as Go's encoder does. */
public final class GoJson {
    private GoJson() {}

    public static JsonGenerator configure(JsonGenerator generator) {
        generator.setCharacterEscapes(GoCharacterEscapes.INSTANCE);
        return generator;
    }
}
