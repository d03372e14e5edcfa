package io.promless.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * {@code authorization}: the header is {@code <type> <credentials>}. The legacy
 * {@code bearer_token}/{@code bearer_token_file} settings load as type {@code Bearer}.
 */
public record Authorization(String type, Optional<Secret> credentials, Optional<String> credentialsFile) {
    public static final String DEFAULT_TYPE = "Bearer";

    public Authorization {
        requireNonNull(type, "type is null");
        requireNonNull(credentials, "credentials is null");
        requireNonNull(credentialsFile, "credentialsFile is null");
    }
}
