package io.promless.config;

import java.util.Optional;

/** {@code basic_auth}: each of username and password comes inline, from a file, or from a secret reference. */
public record BasicAuth(
        String username,
        Optional<String> usernameFile,
        Optional<Secret> password,
        Optional<String> passwordFile) {}
