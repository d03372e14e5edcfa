package io.promless.scrape;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code file_sd_configs} target files are read from: the local file system (files packaged
 * with the function, or any local path) or the bucket that holds prometheus.yml. Names are what
 * the config wrote after resolution against the config's directory; a glob ({@code *}) may appear
 * in the last path element only. Implementations are thread-safe.
 */
public interface TargetFileSource {
    /**
     * The files {@code pattern} names: the file itself when it exists, or every match of a glob in
     * its last element, sorted by name. The names returned are what {@link #read} accepts and what
     * {@code __meta_filepath} shows. Nothing matching is an empty list, not an error.
     */
    List<String> list(String pattern) throws IOException;

    /** The file's text (UTF-8), or empty when it has gone since it was listed. */
    Optional<String> read(String name) throws IOException;

    /**
     * This source for the patterns it has files for, else {@code fallback} (e.g. the bucket first,
     * then the files packaged with the function). Reads go to whichever source has the name.
     */
    default TargetFileSource orElse(TargetFileSource fallback) {
        TargetFileSource first = this;
        // Reads go back to the source that listed the name, so a bundled file never costs a bucket request.
        java.util.Map<String, TargetFileSource> origin = new java.util.concurrent.ConcurrentHashMap<>();
        return new TargetFileSource() {
            @Override
            public List<String> list(String pattern) throws IOException {
                List<String> names = first.list(pattern);
                TargetFileSource source = first;
                if (names.isEmpty()) {
                    names = fallback.list(pattern);
                    source = fallback;
                }
                for (String name : names) {
                    origin.put(name, source);
                }
                return names;
            }

            @Override
            public Optional<String> read(String name) throws IOException {
                return origin.getOrDefault(name, first).read(name);
            }
        };
    }
}
