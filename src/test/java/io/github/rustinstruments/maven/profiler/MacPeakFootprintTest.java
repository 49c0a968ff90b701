package io.github.rustinstruments.maven.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.process.CollectingBuildLog;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import io.github.rustinstruments.maven.trace.RecordingFormatException;
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
 * {@link MacPeakFootprint}: {@link MacPeakFootprint#parse} on rusage files written here in the documented format
 * of macOS {@code /usr/bin/time -l} (its man page, time(1)), and {@link MacPeakFootprint#measure} driving a
 * STAND-IN {@code time} shell script (the BSD {@code time -l} of macOS cannot run here) that records its argument
 * list, environment and working directory, writes such a block to its {@code -o} file, prints the "program's"
 * output and exits with the status it is told the program had.
 */
class MacPeakFootprintTest {
    /** A realistic {@code time -l} block of macOS 13 on Apple Silicon, as the documented format describes it. */
    static final String RUSAGE = """
                    1.02 real         0.81 user         0.12 sys
                    48365568  maximum resident set size
                           0  average shared memory size
                           0  average unshared data size
                           0  average unshared stack size
                        3104  page reclaims
                           3  page faults
                           0  swaps
                           0  block input operations
                           0  block output operations
                           0  messages sent
                           0  messages received
                           0  signals received
                           0  voluntary context switches
                          25  involuntary context switches
                  6238405123  instructions retired
                  1765432109  cycles elapsed
                    41157504  peak memory footprint
            """;

    /** The same block without the footprint line (macOS before 12). */
    static final String RUSAGE_WITHOUT_FOOTPRINT = RUSAGE.lines()
            .filter(line -> !line.contains("peak memory footprint"))
            .reduce("", (text, line) -> text + line + "\n");

    private static final String STAND_IN = """
            #!/bin/sh
            # STAND-IN for macOS /usr/bin/time, written by MacPeakFootprintTest. It measures nothing: it records how
            # it was called, writes a documented rusage block to its -o file and exits as the program did.
            printf '%s\\n' "$@" > "$RI_STANDIN_ARGS"
            env > "$RI_STANDIN_ENV"
            pwd -P > "$RI_STANDIN_PWD"
            if [ -e "$3" ]; then echo stale-present > "$RI_STANDIN_SEEN"; else echo clean > "$RI_STANDIN_SEEN"; fi
            echo "output of the program"
            echo "program stderr line" >&2
            if [ "$1" = "-l" ] && [ "$2" = "-o" ] && [ "${RI_STANDIN_WRITE:-yes}" = yes ]; then
              cat "$RI_STANDIN_BLOCK" > "$3"
            fi
            if [ -n "$RI_STANDIN_SLEEP" ]; then sleep "$RI_STANDIN_SLEEP"; fi
            exit "${RI_STANDIN_EXIT:-0}"
            """;

    @TempDir
    Path tmp;

    private final CollectingBuildLog log = new CollectingBuildLog();
    private Path standInBin;
    private Path standIn;
    private Path runDirectory;
    private Path workDir;
    private MacPeakFootprint footprint;

    @BeforeEach
    void placeStandIn() throws IOException {
        standInBin = Files.createDirectory(tmp.resolve("stand-in-bin"));
        standIn = standInBin.resolve("time");
        Files.writeString(standIn, STAND_IN);
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(tmp.resolve("block.txt"), RUSAGE);
        runDirectory = tmp.resolve("target/rust-instruments/default");
        workDir = Files.createDirectory(tmp.resolve("work"));
        footprint = new MacPeakFootprint(new ProcessRunner(log), log, standIn.toString());
    }

    private Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RI_STANDIN_ARGS", tmp.resolve("args.txt").toString());
        env.put("RI_STANDIN_ENV", tmp.resolve("env.txt").toString());
        env.put("RI_STANDIN_PWD", tmp.resolve("pwd.txt").toString());
        env.put("RI_STANDIN_SEEN", tmp.resolve("seen.txt").toString());
        env.put("RI_STANDIN_BLOCK", tmp.resolve("block.txt").toString());
        env.put("RUST_LOG", "info");
        env.putAll(extra);
        return env;
    }

    private RecordingRequest request(Map<String, String> extra, Duration timeLimit) {
        return new RecordingRequest("allocations", List.of("/Users/dev/target/release/harness", "arg one", "--flag"),
                environment(extra), workDir, timeLimit, runDirectory);
    }

    @Test
    void parsesThePeakFootprintOfARealisticRusageBlock() throws IOException {
        Path file = Files.writeString(tmp.resolve("time.txt"), RUSAGE);

        assertEquals(41_157_504L, MacPeakFootprint.parse(file));
    }

    @Test
    void aFileWithoutTheFootprintLineGivesNull() throws IOException {
        Path file = Files.writeString(tmp.resolve("time.txt"), RUSAGE_WITHOUT_FOOTPRINT);

        assertFalse(RUSAGE_WITHOUT_FOOTPRINT.contains("footprint"));
        assertTrue(RUSAGE_WITHOUT_FOOTPRINT.contains("maximum resident set size"));
        assertNull(MacPeakFootprint.parse(file), "maximum resident set size is not taken instead");
    }

    @Test
    void anEmptyFileGivesNull() throws IOException {
        assertNull(MacPeakFootprint.parse(Files.writeString(tmp.resolve("time.txt"), "")));
    }

    @Test
    void toleratesCarriageReturnsAndCommandLinesAroundTheBlock() throws IOException {
        Path file = Files.writeString(tmp.resolve("time.txt"), "Command terminated abnormally.\r\n"
                + RUSAGE.replace("\n", "\r\n"));

        assertEquals(41_157_504L, MacPeakFootprint.parse(file));
    }

    @Test
    void aFigureTooLargeForALongIsAFormatError() throws IOException {
        Path file = Files.writeString(tmp.resolve("time.txt"), "99999999999999999999  peak memory footprint\n");

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> MacPeakFootprint.parse(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void measureRunsTimeWithTheExactArgumentsAndReadsTheFootprint() throws IOException {
        MacPeakFootprint.Result result = footprint.measure(request(Map.of(), Duration.ofSeconds(30)));

        Path output = runDirectory.resolve("allocations-time.txt");
        assertEquals(List.of("-l", "-o", output.toString(), "/Users/dev/target/release/harness", "arg one",
                "--flag"), Files.readAllLines(tmp.resolve("args.txt")));
        assertEquals(output, result.file());
        assertEquals(41_157_504L, result.peakFootprintBytes());
        assertEquals(0, result.exitCode());
        assertFalse(result.timedOut());
        assertEquals(List.of("program stderr line"), result.stderrTail());
        assertEquals(workDir.toRealPath().toString(), Files.readString(tmp.resolve("pwd.txt")).trim());
        assertTrue(Files.readAllLines(tmp.resolve("env.txt")).contains("RUST_LOG=info"));
        assertTrue(log.info().contains("[time] output of the program"), log.info().toString());
    }

    @Test
    void theExitStatusIsTheProgramsAndTheFigureIsStillRead() throws IOException {
        MacPeakFootprint.Result result = footprint.measure(request(Map.of("RI_STANDIN_EXIT", "101"),
                Duration.ofSeconds(30)));

        assertEquals(101, result.exitCode());
        assertEquals(41_157_504L, result.peakFootprintBytes());
    }

    @Test
    void aStaleFileIsDeletedFirstAndNotReadWhenNoneIsWritten() throws IOException {
        Files.createDirectories(runDirectory);
        Files.writeString(runDirectory.resolve("allocations-time.txt"), "123  peak memory footprint\n");

        MacPeakFootprint.Result result = footprint.measure(request(Map.of("RI_STANDIN_WRITE", "no"),
                Duration.ofSeconds(30)));

        assertEquals("clean", Files.readString(tmp.resolve("seen.txt")).trim());
        assertNull(result.file());
        assertNull(result.peakFootprintBytes());
        assertTrue(log.warn().stream().anyMatch(line -> line.contains("no peak memory footprint")), log.warn().toString());
    }

    @Test
    void aFileWithoutTheLineGivesNullAndAWarning() throws IOException {
        Files.writeString(tmp.resolve("block.txt"), RUSAGE_WITHOUT_FOOTPRINT);

        MacPeakFootprint.Result result = footprint.measure(request(Map.of(), Duration.ofSeconds(30)));

        assertEquals(runDirectory.resolve("allocations-time.txt"), result.file());
        assertNull(result.peakFootprintBytes());
        assertTrue(log.warn().stream().anyMatch(line -> line.contains("no 'peak memory footprint' line")),
                log.warn().toString());
    }

    @Test
    void aTimeOutIsReportedNotThrown() throws IOException {
        MacPeakFootprint.Result result = footprint.measure(request(Map.of("RI_STANDIN_SLEEP", "300"),
                Duration.ofSeconds(1)));

        assertTrue(result.timedOut());
        // the file the stand-in wrote before it was stopped is still read (a real time may write none when killed)
        assertEquals(41_157_504L, result.peakFootprintBytes());
    }

    @Test
    void theTimeExecutableIsFoundOnThePathOverrideByName() throws IOException {
        MacPeakFootprint byName = new MacPeakFootprint(new ProcessRunner(log), log, "time");
        Map<String, String> extra = Map.of("PATH", standInBin + ":" + System.getenv("PATH"));

        assertEquals(41_157_504L, byName.measure(request(extra, Duration.ofSeconds(30))).peakFootprintBytes());
    }

    @Test
    void theDefaultIsUsrBinTime() {
        MacPeakFootprint byDefault = new MacPeakFootprint(new ProcessRunner(log), log, null);

        assertEquals("/usr/bin/time", MacPeakFootprint.DEFAULT_EXECUTABLE);
        assertEquals(List.of("/usr/bin/time", "-l", "-o", "/r/allocations-time.txt", "/x/harness"),
                byDefault.commandLine(Path.of("/r/allocations-time.txt"), List.of("/x/harness")));
    }

    @Test
    void aMissingTimeFailsWithTheHint() {
        MacPeakFootprint missing = new MacPeakFootprint(new ProcessRunner(log), log, "/opt/ri-nowhere/time");

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class, () -> missing.checkInstalled(Map.of()));

        assertEquals("/opt/ri-nowhere/time does not exist or is not executable; " + MacPeakFootprint.INSTALL_HINT,
                e.getMessage());
        assertThrows(ToolNotFoundException.class, () -> missing.measure(request(Map.of(), Duration.ofSeconds(5))));
    }
}
