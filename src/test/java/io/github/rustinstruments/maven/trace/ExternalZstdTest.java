package io.github.rustinstruments.maven.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code zstd} child-process path of {@link HeaptrackReader} and its fallback to the Java decoder. */
class ExternalZstdTest {

    private static final String RECORDING = "v 10400 3\nX ./prog\nI 1000 100\ns 4 prog\ni 1000 1 1\nt 1 0\n"
            + "a 20 1\na 40 1\n" + "+ 0\n- 0\n+ 1\n".repeat(30_000) + "c 10\n";
    /** Another valid recording: tells which text a result was parsed from. */
    private static final String OTHER = "v 10400 3\ns 4 prog\ni 1000 1 1\nt 1 0\na 7 1\n+ 0\n";

    @TempDir
    Path dir;

    @Test
    void theRealToolGivesTheProfileTheJavaDecoderGives() throws IOException {
        Path zstd = ExternalZstd.find(System.getenv("PATH"));
        assumeTrue(zstd != null, "zstd is not installed");
        Path file = compressed("rec.zst", RECORDING);

        Profile viaTool = HeaptrackReader.read(file, zstd);

        assertEquals(HeaptrackReader.read(file, (Path) null), viaTool);
        assertEquals(60_000, viaTool.allocations());
    }

    @Test
    void theToolsOutputIsWhatIsParsed() throws IOException {
        Path file = compressed("rec.zst", RECORDING);
        Path tool = script("fake-zstd", "printf '" + OTHER.replace("\n", "\\n") + "'\nexit 0\n");

        Profile profile = HeaptrackReader.read(file, tool);

        assertEquals(1, profile.allocations());
        assertEquals(7, profile.leakedBytes());
    }

    @Test
    void aMissingToolFallsBackToTheJavaDecoder() throws IOException {
        Path file = compressed("rec.zst", RECORDING);

        assertEquals(60_000, HeaptrackReader.read(file, dir.resolve("no-such-zstd")).allocations());
    }

    @Test
    void aToolThatFailsFallsBackToTheJavaDecoderEvenAfterValidOutput() throws IOException {
        Path file = compressed("rec.zst", RECORDING);
        Path tool = script("fake-zstd", "printf '" + OTHER.replace("\n", "\\n") + "'\nexit 1\n");

        Profile profile = HeaptrackReader.read(file, tool);

        assertEquals(60_000, profile.allocations());
    }

    @Test
    void aToolThatStopsMidwayFallsBackToo() throws IOException {
        Path file = compressed("rec.zst", RECORDING);
        Path tool = script("fake-zstd", "printf 'v 10400 3\\ns 4 pr'\nexit 2\n");

        assertEquals(HeaptrackReader.read(file, (Path) null), HeaptrackReader.read(file, tool));
    }

    @Test
    void aTruncatedFileIsDiagnosedAsBeforeWhateverTheDecoder() throws IOException {
        Path zstd = ExternalZstd.find(System.getenv("PATH"));
        assumeTrue(zstd != null, "zstd is not installed");
        byte[] bytes = Files.readAllBytes(compressed("rec.zst", RECORDING));
        Path cut = Files.write(dir.resolve("cut.zst"), Arrays.copyOf(bytes, bytes.length / 2));

        RecordingFormatException viaTool = assertThrows(RecordingFormatException.class,
                () -> HeaptrackReader.read(cut, zstd));
        RecordingFormatException inJava = assertThrows(RecordingFormatException.class,
                () -> HeaptrackReader.read(cut, (Path) null));

        assertEquals(inJava.getMessage(), viaTool.getMessage());
        assertEquals(cut + " is truncated: the zstd stream ended in the middle of a frame (was heaptrack killed "
                + "before it finished writing?)", viaTool.getMessage());
    }

    @Test
    void plainAndGzipFilesNeverGoToTheTool() throws IOException {
        Path plain = Files.writeString(dir.resolve("rec.txt"), RECORDING);
        Path tool = script("fake-zstd", "printf '" + OTHER.replace("\n", "\\n") + "'\n");

        assertEquals(60_000, HeaptrackReader.read(plain, tool).allocations());
    }

    @Test
    void aParserErrorInTheToolsOutputIsReportedAsTheJavaPathReportsIt() throws IOException {
        String broken = "v 10400 3\n+ 0\n";
        Path file = compressed("broken.zst", broken);
        Path zstd = ExternalZstd.find(System.getenv("PATH"));
        assumeTrue(zstd != null, "zstd is not installed");

        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> HeaptrackReader.read(file, zstd));

        assertEquals(file + " is corrupt at line 2 ('+' record): it refers to allocation info 0 (hex), but only 0 "
                + "(hex) 'a' records precede it", e.getMessage());
    }

    @Test
    void findLooksForAnExecutableZstdOnThePath() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path notExecutable = Files.createDirectory(dir.resolve("plain"));
        Files.writeString(notExecutable.resolve("zstd"), "");
        Path tool = Files.writeString(bin.resolve("zstd"), "#!/bin/sh\n");
        assumeTrue(tool.toFile().setExecutable(true), "no executable files here");

        assertEquals(tool, ExternalZstd.find(String.join(File.pathSeparator, "", empty.toString(),
                notExecutable.toString(), bin.toString())));
        assertNull(ExternalZstd.find(empty.toString()));
        assertNull(ExternalZstd.find(null));
    }

    @Test
    void thePropertyChoosesTheToolOrNone() {
        String before = System.getProperty(ExternalZstd.PROPERTY);
        try {
            System.setProperty(ExternalZstd.PROPERTY, "none");
            assertNull(ExternalZstd.tool());
            System.setProperty(ExternalZstd.PROPERTY, "/opt/zstd/bin/zstd");
            assertEquals(Path.of("/opt/zstd/bin/zstd"), ExternalZstd.tool());
            System.clearProperty(ExternalZstd.PROPERTY);
            assertNotEquals(Path.of("/opt/zstd/bin/zstd"), ExternalZstd.tool());
        } finally {
            if (before == null) {
                System.clearProperty(ExternalZstd.PROPERTY);
            } else {
                System.setProperty(ExternalZstd.PROPERTY, before);
            }
        }
    }

    private Path compressed(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    /** A shell script standing in for zstd (POSIX systems only). */
    private Path script(String name, String body) throws IOException {
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "needs a POSIX shell");
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
