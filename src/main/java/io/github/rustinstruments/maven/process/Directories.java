package io.github.rustinstruments.maven.process;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Creating the plugin's directories with a reason a user can act on when it fails. */
public final class Directories {
    private Directories() {}

    /**
     * {@link Files#createDirectories}, but when a file stands where a directory is needed (the JDK then says only
     * the path), the message names that file and the fix.
     */
    public static Path create(Path directory) throws IOException {
        try {
            return Files.createDirectories(directory);
        } catch (FileSystemException e) { // FileAlreadyExistsException, or "Not a directory" further down
            Path blocking = firstNonDirectory(directory.toAbsolutePath().normalize());
            if (blocking == null) {
                throw e;
            }
            throw new IOException("cannot create the directory " + directory + ": " + blocking
                    + " is a file, not a directory; move or delete it (or choose another <outputDirectory>)", e);
        }
    }

    /** The first existing path on the way to {@code directory} that is not a directory, or {@code null}. */
    static Path firstNonDirectory(Path directory) {
        Path current = directory.getRoot();
        for (Path part : directory) {
            current = current == null ? part : current.resolve(part);
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(current)) {
                return current;
            }
        }
        return null;
    }

    /**
     * Deletes a file, a link (never what it points to) or a directory tree, which must lie under {@code target/}
     * (the callers check where): links inside the tree are deleted as links, never followed.
     */
    public static void deleteTree(Path path) throws IOException {
        if (Files.isSymbolicLink(path) || Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(path);
            return;
        }
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
