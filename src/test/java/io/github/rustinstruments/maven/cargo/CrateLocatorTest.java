package io.github.rustinstruments.maven.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrateLocatorTest {
    @TempDir
    Path tmp;

    private Path crate(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("Cargo.toml"), "[package]\nname = \"x\"\nversion = \"0.1.0\"\n");
        return dir;
    }

    @Test
    void takesTheConfiguredDirectoryNormalised() throws Exception {
        Path lib = crate(tmp.resolve("native/lib"));

        assertEquals(lib, CrateLocator.locate(tmp.resolve("native/other/../lib"), tmp));
    }

    @Test
    void configuredDirectoryWinsOverTheBasedir() throws Exception {
        crate(tmp);
        Path lib = crate(tmp.resolve("native"));

        assertEquals(lib, CrateLocator.locate(lib, tmp));
    }

    @Test
    void configuredDirectoryWithoutCargoTomlIsRefused() throws Exception {
        crate(tmp); // the basedir has one, but the user asked for another directory
        Path empty = Files.createDirectory(tmp.resolve("empty"));

        CargoException e = assertThrows(CargoException.class, () -> CrateLocator.locate(empty, tmp));

        assertEquals("crateDirectory " + empty + " has no Cargo.toml: point <crateDirectory>"
                + " (-Drust-instruments.crateDirectory) at the directory of your Rust library's Cargo.toml",
                e.getMessage());
    }

    @Test
    void aDirectoryNamedCargoTomlDoesNotCount() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("odd/Cargo.toml")).getParent();

        assertThrows(CargoException.class, () -> CrateLocator.locate(dir, tmp));
    }

    @Test
    void usesTheBasedirWhenItHasACargoToml() throws Exception {
        crate(tmp);
        crate(tmp.resolve("src/main/rust"));

        assertEquals(tmp, CrateLocator.locate(null, tmp));
    }

    @Test
    void fallsBackToSrcMainRust() throws Exception {
        Path conventional = crate(tmp.resolve("src/main/rust"));

        assertEquals(conventional, CrateLocator.locate(null, tmp));
    }

    @Test
    void failsNamingBothPlacesWhenThereIsNoCrate() throws IOException {
        Files.createDirectories(tmp.resolve("src/main/rust"));

        CargoException e = assertThrows(CargoException.class, () -> CrateLocator.locate(null, tmp));

        assertTrue(e.getMessage().startsWith("no Cargo.toml found in " + tmp + " or " + tmp.resolve("src/main/rust")),
                e.getMessage());
        assertTrue(e.getMessage().contains("<crateDirectory> (-Drust-instruments.crateDirectory)"), e.getMessage());
    }
}
