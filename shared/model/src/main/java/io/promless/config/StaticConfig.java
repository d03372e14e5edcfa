package io.promless.config;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;
import java.util.List;

/** One {@code static_configs} entry: target addresses ({@code host:port}) sharing extra labels. */
public record StaticConfig(List<String> targets, Labels labels) {
    public StaticConfig {
        targets = List.copyOf(targets);
        requireNonNull(labels, "labels is null");
    }
}
