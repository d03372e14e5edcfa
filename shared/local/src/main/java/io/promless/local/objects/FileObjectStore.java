package io.promless.local.objects;

import static java.util.Objects.requireNonNull;

import io.promless.ports.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An {@link ObjectStore} over files under a root directory. Each '/'-separated key segment
 * becomes a directory level; {@link ObjectKeyPaths} escapes segments so any key S3 accepts maps
 * to a valid path, and "a" and "a/b" can both exist. A put writes a hidden temporary file next
 * to the target and renames it into place, so readers see the whole old or the whole new
 * object, and a crash leaves at most a stray temporary file that listings ignore.
 */
public final class FileObjectStore implements ObjectStore {
    private final Path root;

    public FileObjectStore(Path root) {
        this.root = requireNonNull(root, "root is null").toAbsolutePath();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create object store directory " + this.root, e);
        }
    }

    @Override
    public void put(String key, byte[] data) {
        requireNonNull(data, "data is null");
        Path target = ObjectKeyPaths.pathOf(root, key);
        Path temporary = target.resolveSibling(ObjectKeyPaths.TEMPORARY_PREFIX + UUID.randomUUID());
        try {
            Files.createDirectories(target.getParent());
            Files.write(temporary, data);
            moveIntoPlace(temporary, target);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("cannot write object " + key + " under " + root, e);
        }
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        Path path = ObjectKeyPaths.pathOf(root, key);
        try {
            return Optional.of(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read object " + key + " under " + root, e);
        }
    }

    /** A positioned read of the file; the rename in {@link #put} means an open file is one whole version. */
    @Override
    public Optional<byte[]> getRange(String key, long offset, int length) {
        ObjectStore.checkRange(offset, length);
        Path path = ObjectKeyPaths.pathOf(root, key);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long available = Math.max(0, channel.size() - offset);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, available));
            long position = offset;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, position);
                if (read < 0) {
                    break;
                }
                position += read;
            }
            return Optional.of(buffer.position() == buffer.capacity() ? buffer.array()
                    : Arrays.copyOf(buffer.array(), buffer.position()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read object " + key + " under " + root, e);
        }
    }

    @Override
    public OptionalLong size(String key) {
        Path path = ObjectKeyPaths.pathOf(root, key);
        try {
            return OptionalLong.of(Files.size(path));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of object " + key + " under " + root, e);
        }
    }

    @Override
    public void delete(String key) {
        Path path = ObjectKeyPaths.pathOf(root, key);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete object " + key + " under " + root, e);
        }
        pruneEmptyDirectories(path.getParent());
    }

    /** Removes directories the deleted object leaves empty, so listings stay fast. */
    private void pruneEmptyDirectories(Path directory) {
        Path current = directory;
        while (current != null && !current.equals(root) && current.startsWith(root)) {
            try {
                Files.delete(current);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                return; // Leaving an empty directory behind is harmless.
            }
            current = current.getParent();
        }
    }

    @Override
    public List<String> list(String prefix) {
        requireNonNull(prefix, "prefix is null");
        // A concurrent delete can remove a directory mid-walk; a second walk sees a settled tree.
        for (int attempt = 1; ; attempt++) {
            try {
                return walk(prefix);
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException) || attempt == 3) {
                    throw new UncheckedIOException("cannot list objects under " + root, e.getCause());
                }
            }
        }
    }

    private List<String> walk(String prefix) {
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .map(path -> ObjectKeyPaths.keyOf(root, path))
                    .flatMap(Optional::stream)
                    .filter(key -> key.startsWith(prefix))
                    .forEach(keys::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keys.sort(null);
        return List.copyOf(keys);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Best effort: a stray temporary file is invisible to readers.
        }
    }
}
