package io.promless.rules.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Go struct as templates see it: named fields ({@code .Labels}, {@code .Value}). Unlike a map,
 * asking for a field it does not have is an error, as in Go.
 */
public record TemplateStruct(Map<String, Object> fields) {
    public TemplateStruct {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
