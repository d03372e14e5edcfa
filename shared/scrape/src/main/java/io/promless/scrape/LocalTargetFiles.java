package io.promless.scrape;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Target files on the local file system; names are paths, shown as written. */
public final class LocalTargetFiles implements TargetFileSource {
    public static final LocalTargetFiles INSTANCE = new LocalTargetFiles();

    private LocalTargetFiles() {}

    @Override
    public List<String> list(String pattern) throws IOException {
        Path path = Path.of(pattern);
        String last = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!last.contains("*")) {
            return Files.isRegularFile(path) ? List.of(pattern) : List.of();
        }
        Path directory = path.getParent() == null ? Path.of(".") : path.getParent();
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        TreeSet<String> matches = new TreeSet<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, last)) {
            for (Path match : stream) {
                if (Files.isRegularFile(match)) {
                    matches.add(path.getParent() == null ? match.getFileName().toString() : match.toString());
                }
            }
        }
        return List.copyOf(matches);
    }

    @Override
    public Optional<String> read(String name) throws IOException {
        try {
            return Optional.of(Files.readString(Path.of(name), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
