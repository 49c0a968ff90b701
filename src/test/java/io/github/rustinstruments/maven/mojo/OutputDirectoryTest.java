package io.github.rustinstruments.maven.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** outputDirectory must be a directory of the plugin's own: never a root, the project itself or its sources. */
class OutputDirectoryTest {
    private static final Path BASE = Path.of("/home/dev/mylib");

    @Test
    void theDefaultAndOtherDedicatedDirectoriesAreFine() {
        assertNull(AbstractRustInstrumentsMojo.unsafeOutputDirectory(BASE.resolve("target/rust-instruments"), BASE));
        assertNull(AbstractRustInstrumentsMojo.unsafeOutputDirectory(Path.of("/var/tmp/profiles"), BASE));
        assertNull(AbstractRustInstrumentsMojo.unsafeOutputDirectory(BASE.resolve("profiles"), BASE));
        assertNull(AbstractRustInstrumentsMojo.unsafeOutputDirectory(BASE.resolve("srcs"), BASE), "not src/");
        assertNull(AbstractRustInstrumentsMojo.unsafeOutputDirectory(Path.of("/srv/out"), null));
    }

    @Test
    void aRootTheProjectOrItsSourcesAreRefusedSayingWhy() {
        assertEquals("is a file system root", AbstractRustInstrumentsMojo.unsafeOutputDirectory(Path.of("/"), BASE));
        assertEquals("is a file system root", AbstractRustInstrumentsMojo.unsafeOutputDirectory(Path.of("/"), null));
        assertEquals("is the project's base directory",
                AbstractRustInstrumentsMojo.unsafeOutputDirectory(BASE.resolve("target/.."), BASE));
        assertEquals("contains the project /home/dev/mylib",
                AbstractRustInstrumentsMojo.unsafeOutputDirectory(Path.of("/home"), BASE));
        assertEquals("is inside the source tree /home/dev/mylib/src",
                AbstractRustInstrumentsMojo.unsafeOutputDirectory(BASE.resolve("src/main/rust/out"), BASE));
        assertEquals("is inside the source tree /home/dev/mylib/src",
                AbstractRustInstrumentsMojo.unsafeOutputDirectory(BASE.resolve("src"), BASE));
    }
}
