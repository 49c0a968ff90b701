package io.github.rustinstruments.maven.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared library the tests load, and the directory that goes on {@code java.library.path}.
 *
 * @param file      the library; {@code null} when a directory was named that does not hold exactly one yet
 * @param directory its directory
 */
public record NativeLibrary(Path file, Path directory) {

    /** A library cargo built. */
    public static NativeLibrary built(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return new NativeLibrary(absolute, absolute.getParent());
    }

    /**
     * A library the project builds itself: a file, or the directory it is in (whose only shared library it is).
     *
     * @throws IOException the path does not exist
     */
    public static NativeLibrary configured(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        if (Files.isRegularFile(absolute)) {
            return new NativeLibrary(absolute, absolute.getParent());
        }
        if (!Files.isDirectory(absolute)) {
            throw new IOException("the library " + absolute + " named by <library> does not exist: name the shared"
                    + " library your build makes (e.g. target/native/libcodec.so) or its directory, and bind"
                    + " prepare-jvm after the phase that builds it");
        }
        List<Path> libraries;
        try (Stream<Path> files = Files.list(absolute)) {
            libraries = files.filter(Files::isRegularFile).filter(f -> isSharedLibrary(f.getFileName().toString()))
                    .sorted().toList();
        }
        return new NativeLibrary(libraries.size() == 1 ? libraries.get(0) : null, absolute);
    }

    static boolean isSharedLibrary(String name) {
        return name.endsWith(".so") || name.contains(".so.") || name.endsWith(".dylib");
    }
}
