package io.github.rustinstruments.maven.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoriesTest {
    @TempDir
    Path tmp;

    @Test
    void aFileWhereADirectoryIsNeededIsNamed() throws IOException {
        Path file = Files.writeString(tmp.resolve("rust-instruments"), "not a directory");

        IOException e = assertThrows(IOException.class, () -> Directories.create(file.resolve("default/x")));

        assertEquals("cannot create the directory " + file.resolve("default/x") + ": " + file + " is a file, not a"
                + " directory; move or delete it (or choose another <outputDirectory>)", e.getMessage());
    }

    @Test
    void theRunDirectoryItselfBeingAFileIsNamedToo() throws IOException {
        Path file = Files.writeString(tmp.resolve("default"), "");

        IOException e = assertThrows(IOException.class, () -> Directories.create(file));

        assertTrue(e.getMessage().contains(": " + file + " is a file, not a directory"), e.getMessage());
    }

    @Test
    void missingDirectoriesAreCreatedAndExistingOnesKept() throws IOException {
        Path run = tmp.resolve("out/default");

        assertEquals(run, Directories.create(run));
        assertTrue(Files.isDirectory(run));
        assertEquals(run, Directories.create(run));
    }
}
