package io.promless.local.cli;

import static java.util.Objects.requireNonNull;

/** What the command line asks for: run with flags, or only print help or the version. */
public sealed interface LocalCommand {
    record Run(LocalFlags flags) implements LocalCommand {
        public Run {
            requireNonNull(flags, "flags is null");
        }
    }

    record ShowHelp() implements LocalCommand {}

    record ShowVersion() implements LocalCommand {}
}
