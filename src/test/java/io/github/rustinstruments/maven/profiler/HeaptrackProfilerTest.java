package io.github.rustinstruments.maven.profiler;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.process.CollectingBuildLog;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HeaptrackProfiler} driving a stand-in {@code heaptrack} shell script placed on the PATH of the request:
 * the stand-in records the arguments it got, says whether an old recording was still there, writes
 * {@code <-o arg>.zst} (or {@code .gz}, or nothing) and exits with the code it is told to.
 */
class HeaptrackProfilerTest {
    private static final String STAND_IN = "#!/bin/sh\n"
            + "# STAND-IN for heaptrack, written by HeaptrackProfilerTest. It profiles nothing.\n"
            + "printf '%s\\n' \"$@\" > \"$RI_STANDIN_ARGS\"\n"
            + "out=\n"
            + "if [ \"$1\" = \"-o\" ]; then out=\"$2\"; fi\n"
            + "if [ -e \"$out.zst\" ] || [ -e \"$out.gz\" ]; then echo stale-present > \"$RI_STANDIN_SEEN\";"
            + " else echo clean > \"$RI_STANDIN_SEEN\"; fi\n"
            + "pwd -P > \"$RI_STANDIN_PWD\"\n"
            + "echo \"heaptrack output will be written to \\\"$out.zst\\\"\"\n"
            + "echo \"stand-in stderr line\" >&2\n"
            + "format=\"${RI_STANDIN_WRITE:-zst}\"\n"
            + "if [ \"$format\" != none ]; then echo \"fresh $format\" > \"$out.$format\"; fi\n"
            + "if [ -n \"$RI_STANDIN_SLEEP\" ]; then sleep \"$RI_STANDIN_SLEEP\"; fi\n"
            + "exit \"${RI_STANDIN_EXIT:-0}\"\n";

    @TempDir
    Path tmp;

    private final CollectingBuildLog log = new CollectingBuildLog();
    private final HeaptrackProfiler profiler = new HeaptrackProfiler(new ProcessRunner(log), log, "heaptrack");
    private Path standInBin;
    private Path runDirectory;
    private Path workDir;

    @BeforeEach
    void placeStandIn() throws IOException {
        standInBin = Files.createDirectory(tmp.resolve("stand-in-bin"));
        Path script = standInBin.resolve("heaptrack");
        Files.writeString(script, STAND_IN);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        runDirectory = tmp.resolve("target/rust-instruments/default");
        workDir = Files.createDirectory(tmp.resolve("work"));
    }

    private Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", standInBin + ":" + System.getenv("PATH"));
        env.put("RI_STANDIN_ARGS", tmp.resolve("args.txt").toString());
        env.put("RI_STANDIN_SEEN", tmp.resolve("seen.txt").toString());
        env.put("RI_STANDIN_PWD", tmp.resolve("pwd.txt").toString());
        env.putAll(extra);
        return env;
    }

    private RecordingRequest request(Map<String, String> extra, Duration timeLimit) {
        return new RecordingRequest("allocations", List.of("/home/dev/target/memcheck", "arg one", "--flag"),
                environment(extra), workDir, timeLimit, runDirectory);
    }

    @Test
    void recordsWithTheExactArgumentsAndReturnsTheZstFile() throws IOException {
        Recording recording = profiler.record(request(Map.of("RI_STANDIN_EXIT", "3"), Duration.ofSeconds(30)));

        assertEquals(List.of("-o", runDirectory.resolve("allocations").toString(), "/home/dev/target/memcheck",
                "arg one", "--flag"), Files.readAllLines(tmp.resolve("args.txt")));
        assertEquals(runDirectory.resolve("allocations.zst"), recording.file());
        assertEquals("fresh zst\n", Files.readString(recording.file()));
        assertEquals(3, recording.exitCode());
        assertFalse(recording.timedOut());
        assertEquals(List.of("stand-in stderr line"), recording.stderrTail());
        assertEquals(workDir.toRealPath().toString(), Files.readString(tmp.resolve("pwd.txt")).trim());
    }

    @Test
    void logsBothStreamsAtInfoWithThePrefix() throws IOException {
        profiler.record(request(Map.of(), Duration.ofSeconds(30)));

        assertTrue(log.info().contains("[heaptrack] stand-in stderr line"), log.info().toString());
        assertTrue(log.info().contains("[heaptrack] heaptrack output will be written to \""
                + runDirectory.resolve("allocations") + ".zst\""), log.info().toString());
        assertTrue(log.warn().isEmpty(), log.warn().toString());
    }

    @Test
    void deletesAStaleRecordingBeforeRecording() throws IOException {
        Files.createDirectories(runDirectory);
        Files.writeString(runDirectory.resolve("allocations.zst"), "stale zst from an earlier build");
        Files.writeString(runDirectory.resolve("allocations.gz"), "stale gz from an earlier build");

        Recording recording = profiler.record(request(Map.of(), Duration.ofSeconds(30)));

        assertEquals("clean", Files.readString(tmp.resolve("seen.txt")).trim(),
                "the stand-in must not find the earlier recording");
        assertFalse(Files.exists(runDirectory.resolve("allocations.gz")));
        assertEquals("fresh zst\n", Files.readString(recording.file()));
    }

    @Test
    void aStaleRecordingIsNotMistakenForANewOneWhenNoneIsWritten() throws IOException {
        Files.createDirectories(runDirectory);
        Files.writeString(runDirectory.resolve("allocations.zst"), "stale");

        Recording recording = profiler.record(request(Map.of("RI_STANDIN_WRITE", "none", "RI_STANDIN_EXIT", "1"),
                Duration.ofSeconds(30)));

        assertNull(recording.file());
        assertEquals(1, recording.exitCode());
        assertFalse(Files.exists(runDirectory.resolve("allocations.zst")));
    }

    @Test
    void findsAGzipRecordingOfAHeaptrackWithoutZstd() throws IOException {
        Recording recording = profiler.record(request(Map.of("RI_STANDIN_WRITE", "gz"), Duration.ofSeconds(30)));

        assertEquals(runDirectory.resolve("allocations.gz"), recording.file());
    }

    @Test
    void aTimeOutIsReportedNotThrown() throws IOException {
        long start = System.nanoTime();

        Recording recording = profiler.record(request(Map.of("RI_STANDIN_SLEEP", "300"), Duration.ofSeconds(1)));

        assertTrue(recording.timedOut());
        assertEquals(runDirectory.resolve("allocations.zst"), recording.file(), "what was written is kept");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20);
    }

    @Test
    void checkInstalledFailsWithTheInstallHintWhenThePathLacksHeaptrack() throws IOException {
        Path emptyBin = Files.createDirectory(tmp.resolve("empty-bin"));

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class,
                () -> profiler.checkInstalled(Map.of("PATH", emptyBin.toString())));

        assertTrue(e.getMessage().startsWith("heaptrack not found on PATH; install it with"
                + " `apt-get install heaptrack`"), e.getMessage());
        assertEquals("heaptrack", e.tool());
    }

    @Test
    void checkInstalledOfAMissingAbsolutePathDoesNotBlameThePath() {
        HeaptrackProfiler configured = new HeaptrackProfiler(new ProcessRunner(log), log, "/opt/ri-nowhere/heaptrack");

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class, () -> configured.checkInstalled(Map.of()));

        assertTrue(e.getMessage().startsWith("/opt/ri-nowhere/heaptrack does not exist or is not executable"),
                e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install heaptrack"), e.getMessage());
    }

    @Test
    void checkInstalledFindsTheStandInOnThePathOverride() {
        assertDoesNotThrow(() -> profiler.checkInstalled(Map.of("PATH", standInBin.toString())));
    }

    @Test
    void recordFailsWithTheInstallHintWhenHeaptrackIsMissing() throws IOException {
        Path emptyBin = Files.createDirectory(tmp.resolve("empty-bin"));
        Map<String, String> env = new LinkedHashMap<>(environment(Map.of()));
        env.put("PATH", emptyBin.toString());

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class, () -> profiler.record(
                new RecordingRequest("allocations", List.of("/t/memcheck"), env, workDir, Duration.ofSeconds(5),
                        runDirectory)));

        assertEquals("heaptrack not found on PATH; " + HeaptrackProfiler.INSTALL_HINT, e.getMessage());
    }

    @Test
    void viewerCommandQuotesThePath() {
        Path recording = Path.of("/home/dev/my project/target/rust-instruments/default/allocations.zst");

        assertEquals("heaptrack_gui '" + recording + "'   (or in a terminal: heaptrack_print '" + recording + "')",
                profiler.viewerCommand(recording));
    }
}
