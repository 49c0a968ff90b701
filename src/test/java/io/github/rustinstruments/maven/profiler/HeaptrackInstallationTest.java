package io.github.rustinstruments.maven.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.process.ToolNotFoundException;
import io.github.rustinstruments.maven.profiler.HeaptrackInstallation.Compressor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locating heaptrack's pieces in fake installation trees, and the command lines and environment built from them. */
class HeaptrackInstallationTest {
    private static final String HINT = HeaptrackProfiler.INSTALL_HINT;

    @TempDir
    Path tmp;

    private Path prefix;
    private Path script;
    private Path preload;
    private Path interpreter;

    @BeforeEach
    void fakeInstallation() throws IOException {
        // the layout heaptrack's script expects: <prefix>/bin/heaptrack, <prefix>/lib/heaptrack/...
        prefix = tmp.resolve("opt/heaptrack-1.4");
        script = executable(prefix.resolve("bin/heaptrack"), "#!/bin/sh\n# fake: runs \"$INTERPRETER\","
                + " i.e. heaptrack_interpret\nexit 1\n");
        preload = Files.createDirectories(prefix.resolve("lib/heaptrack")).resolve("libheaptrack_preload.so");
        Files.writeString(preload, "not really a library");
        interpreter = executable(prefix.resolve("lib/heaptrack/libexec/heaptrack_interpret"), "#!/bin/sh\ncat\n");
    }

    static Path executable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private HeaptrackInstallation expected() throws IOException {
        return new HeaptrackInstallation(script.toRealPath(), preload.toRealPath(), interpreter.toRealPath());
    }

    @Test
    void foundByNameOnTheCommandsPath() throws IOException {
        Optional<HeaptrackInstallation> found = HeaptrackInstallation.locate("heaptrack",
                Map.of("PATH", tmp.resolve("nowhere") + ":" + prefix.resolve("bin")), HINT);

        assertEquals(Optional.of(expected()), found);
    }

    @Test
    void foundByPath() throws IOException {
        assertEquals(Optional.of(expected()), HeaptrackInstallation.locate(script.toString(), Map.of(), HINT));
    }

    @Test
    void foundThroughASymlinkOnThePath() throws IOException {
        // as with /usr/local/bin/heaptrack -> /opt/heaptrack/bin/heaptrack: the pieces are beside the target
        Path links = Files.createDirectories(tmp.resolve("links"));
        Files.createSymbolicLink(links.resolve("heaptrack"), script);

        HeaptrackInstallation found = HeaptrackInstallation.locate("heaptrack", Map.of("PATH", links.toString()),
                HINT).orElseThrow();

        assertEquals(expected(), found);
    }

    @Test
    void aMissingPreloadLibraryIsNamedWithTheFix() throws IOException {
        Files.delete(preload);

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class,
                () -> HeaptrackInstallation.locate(script.toString(), Map.of(), HINT));

        assertEquals("heaptrack's installation is incomplete: " + preload + " (heaptrack's preload library) is"
                + " missing beside " + script.toRealPath() + "; reinstall heaptrack (Debian and Ubuntu ship these in"
                + " the package libheaptrack): " + HINT, e.getMessage());
    }

    @Test
    void aMissingInterpreterIsNamedAndTheSymlinkFollowedToo() throws IOException {
        Files.delete(interpreter);
        Path link = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("links")).resolve("heaptrack"),
                script);

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class,
                () -> HeaptrackInstallation.locate(link.toString(), Map.of(), HINT));

        assertTrue(e.getMessage().startsWith("heaptrack's installation is incomplete: " + interpreter
                + " (heaptrack_interpret, executable) is missing beside " + script.toRealPath() + " (where " + link
                + " leads)"), e.getMessage());
    }

    @Test
    void heaptracksScriptWithoutAnyPiecesIsABrokenInstallationNotAWrapper() throws IOException {
        Files.delete(preload);
        Files.delete(interpreter);

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class,
                () -> HeaptrackInstallation.locate(script.toString(), Map.of(), HINT));

        assertTrue(e.getMessage().contains(preload + " (heaptrack's preload library) and " + interpreter
                + " (heaptrack_interpret, executable) are missing"), e.getMessage());
    }

    @Test
    void anInstallationUnderAPathWithSpacesCannotBePreloadedAndSaysSo() throws IOException {
        // ld.so splits LD_PRELOAD at spaces: "/opt/heap track/..." would preload "/opt/heap" and "track/..."
        Path spaced = tmp.resolve("opt/heap track");
        Files.move(prefix, Files.createDirectories(spaced.getParent()).resolve(spaced));

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class, () -> HeaptrackInstallation.locate(
                spaced.resolve("bin/heaptrack").toString(), Map.of(), HINT));

        assertEquals("heaptrack's preload library " + spaced.toRealPath().resolve("lib/heaptrack/libheaptrack_preload.so")
                + " cannot be preloaded: LD_PRELOAD cannot carry a path with spaces or colons; install heaptrack under"
                + " a path without them and point <heaptrackExecutable> at its bin/heaptrack", e.getMessage());
    }

    @Test
    void aWrapperWithNoInstallationBesideItIsNotLocated() throws IOException {
        Path wrapper = executable(tmp.resolve("tools/heaptrack-wrapper"), "#!/bin/sh\nexec /usr/bin/heaptrack \"$@\"\n");

        assertEquals(Optional.empty(), HeaptrackInstallation.locate(wrapper.toString(), Map.of(), HINT));
    }

    @Test
    void aMissingExecutableFailsAsBefore() {
        ToolNotFoundException e = assertThrows(ToolNotFoundException.class, () -> HeaptrackInstallation.locate(
                "heaptrack", Map.of("PATH", tmp.resolve("empty").toString()), HINT));

        assertEquals("heaptrack not found on PATH; " + HINT, e.getMessage());
    }

    @Test
    void thePreloadLibraryGoesInFrontOfTheRequestedLdPreload() throws IOException {
        Path fifo = tmp.resolve("run dir/it's/allocations.fifo");

        Map<String, String> variables = expected().programEnvironment(fifo, Map.of("LD_PRELOAD", "/x/libmine.so"));

        assertEquals(Map.of("LD_PRELOAD", preload.toRealPath() + ":/x/libmine.so",
                "DUMP_HEAPTRACK_OUTPUT", fifo.toString()), variables);
        assertEquals(List.of("LD_PRELOAD", "DUMP_HEAPTRACK_OUTPUT"), List.copyOf(variables.keySet()));
    }

    @Test
    void withoutARequestedLdPreloadTheInheritedOneIsKept() throws IOException {
        String inherited = System.getenv("LD_PRELOAD");

        Map<String, String> variables = expected().programEnvironment(tmp.resolve("f"), Map.of("OTHER", "1"));

        assertEquals(preload.toRealPath() + (inherited == null || inherited.isEmpty() ? "" : ":" + inherited),
                variables.get("LD_PRELOAD"));
    }

    @Test
    void theInterpreterCommandPassesBothPathsAsSeparateArguments() throws IOException {
        Path fifo = tmp.resolve("run dir/it's \"quoted\" $HOME/allocations.fifo");

        assertEquals(List.of("/bin/sh", "-c", "exec \"$0\" < \"$1\"", interpreter.toRealPath().toString(),
                fifo.toString()), expected().interpreterCommand(fifo));
    }

    @Test
    void theInterpreterCommandReadsAFileWithSpacesQuotesAndDollarsLiterally() throws Exception {
        // the fake interpreter is `cat`: what it prints is what it read on its standard input
        Path input = Files.writeString(Files.createDirectories(tmp.resolve("run dir/it's \"q\" $HOME"))
                .resolve("in put"), "the recording\n");

        Process process = new ProcessBuilder(expected().interpreterCommand(input)).start();

        assertEquals("the recording\n", new String(process.getInputStream().readAllBytes()));
        assertEquals(0, process.waitFor());
    }

    @Test
    void zstdIsPreferredAsHeaptracksScriptDoes() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path zstd = executable(bin.resolve("zstd"), "#!/bin/sh\ncat\n");
        executable(bin.resolve("gzip"), "#!/bin/sh\ncat\n");

        Compressor compressor = HeaptrackInstallation.compressor(Map.of("PATH", bin.toString()));

        assertEquals(new Compressor(zstd, ".zst"), compressor);
        assertEquals(List.of(zstd.toString(), "-c"), compressor.command());
    }

    @Test
    void gzipWithoutZstd() throws IOException {
        Path gzip = executable(tmp.resolve("bin/gzip"), "#!/bin/sh\ncat\n");

        assertEquals(new Compressor(gzip, ".gz"),
                HeaptrackInstallation.compressor(Map.of("PATH", gzip.getParent().toString())));
    }

    @Test
    void neitherCompressorIsAClearFailure() {
        ToolNotFoundException e = assertThrows(ToolNotFoundException.class,
                () -> HeaptrackInstallation.compressor(Map.of("PATH", tmp.resolve("empty").toString())));

        assertTrue(e.getMessage().startsWith("neither zstd nor gzip found on PATH"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install zstd"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
