package io.promless.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Writes one JSON value (the {@code data} of a response) to a streaming generator. */
@FunctionalInterface
public interface JsonBody {
    void write(JsonGenerator generator) throws IOException;
}
