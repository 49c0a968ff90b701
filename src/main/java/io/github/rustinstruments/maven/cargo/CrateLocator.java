package io.github.rustinstruments.maven.cargo;

import java.nio.file.Files;
import java.nio.file.Path;

/** Decides which directory holds the user's Rust library. */
public final class CrateLocator {
    private CrateLocator() {}

    /**
     * @param configured the {@code crateDirectory} parameter, {@code null} when unset
     * @param basedir    the Maven project's base directory
     * @return the configured directory; else {@code basedir} when it has a Cargo.toml; else {@code src/main/rust}
     */
    public static Path locate(Path configured, Path basedir) throws CargoException {
        if (configured != null) {
            Path dir = configured.toAbsolutePath().normalize();
            if (!Files.isRegularFile(dir.resolve("Cargo.toml"))) {
                throw new CargoException("crateDirectory " + dir + " has no Cargo.toml: point"
                        + " <crateDirectory> (-Drust-instruments.crateDirectory) at the directory of your Rust"
                        + " library's Cargo.toml");
            }
            return dir;
        }
        Path base = basedir.toAbsolutePath().normalize();
        if (Files.isRegularFile(base.resolve("Cargo.toml"))) {
            return base;
        }
        Path conventional = base.resolve("src/main/rust");
        if (Files.isRegularFile(conventional.resolve("Cargo.toml"))) {
            return conventional;
        }
        throw new CargoException("no Cargo.toml found in " + base + " or " + conventional
                + ": set <crateDirectory> (-Drust-instruments.crateDirectory) to the directory of your Rust"
                + " library's Cargo.toml");
    }
}
