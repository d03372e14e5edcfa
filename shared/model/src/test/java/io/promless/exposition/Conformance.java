package io.promless.exposition;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only upstream conformance data beside the repository. */
final class Conformance {
    private Conformance() {}

    static Path directory(String relative) {
        String shared = System.getProperty("promless.shared.dir");
        if (shared == null || shared.isBlank()) {
            throw new IllegalStateException("system property promless.shared.dir is not set; run the tests through Maven");
        }
        Path directory = Path.of(shared, "conformance", relative);
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("conformance data missing: " + directory.toAbsolutePath());
        }
        return directory;
    }
}
