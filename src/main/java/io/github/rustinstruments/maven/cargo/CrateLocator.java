package io.github.rustinstruments.maven.cargo;

import java.nio.file.Files;
import java.nio.file.Path;

/** Decides which directory holds the user's Rust library. */
public final class CrateLocator {
    private static final String CONVENTIONAL = "src/main/rust";

    private CrateLocator() {}

    /** The manifest of the crate in {@code directory}. */
    public static Path manifest(Path directory) {
        return directory.resolve("Cargo.toml");
    }

    /** Whether {@code directory} holds a crate. */
    public static boolean isCrate(Path directory) {
        return Files.isRegularFile(manifest(directory));
    }

    /** Whether {@code basedir} or its {@code src/main/rust} holds a crate, where {@link #locate} looks by default. */
    public static boolean hasCrate(Path basedir) {
        Path base = basedir.toAbsolutePath().normalize();
        return isCrate(base) || isCrate(base.resolve(CONVENTIONAL));
    }

    /**
     * @param configured the {@code crateDirectory} parameter, {@code null} when unset
     * @param basedir    the Maven project's base directory
     * @return the configured directory; else {@code basedir} when it has a Cargo.toml; else {@code src/main/rust}
     */
    public static Path locate(Path configured, Path basedir) throws CargoException {
        if (configured != null) {
            Path dir = configured.toAbsolutePath().normalize();
            if (!isCrate(dir)) {
                throw new CargoException("crateDirectory " + dir + " has no Cargo.toml: point"
                        + " <crateDirectory> (-Drust-instruments.crateDirectory) at the directory of your Rust"
                        + " library's Cargo.toml");
            }
            return dir;
        }
        Path base = basedir.toAbsolutePath().normalize();
        if (isCrate(base)) {
            return base;
        }
        Path conventional = base.resolve(CONVENTIONAL);
        if (isCrate(conventional)) {
            return conventional;
        }
        throw new CargoException("no Cargo.toml found in " + base + " or " + conventional
                + ": set <crateDirectory> (-Drust-instruments.crateDirectory) to the directory of your Rust"
                + " library's Cargo.toml");
    }
}
