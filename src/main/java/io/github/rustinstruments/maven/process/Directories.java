package io.github.rustinstruments.maven.process;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

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
}
