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
import io.github.rustinstruments.maven.trace.LeakDetails.LeakRecord;
import io.github.rustinstruments.maven.trace.MacLeaksReportReader;
import io.github.rustinstruments.maven.trace.Profile;
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
 * {@link MacLeaksProfiler} driving a STAND-IN {@code leaks} shell script placed first on the PATH of the request
 * (macOS {@code leaks} cannot run here). The stand-in records its argument list, its environment and its working
 * directory, says whether the report file still held an earlier build's text, prints the program's own output and a
 * {@code MallocStackLogging} line, then a report in the format leaks(1) documents
 * and exits as {@code leaks} documents: 0 no leaks, 1 leaks found, 2 an error of the tool.
 */
class MacLeaksProfilerTest {
    private static final String STAND_IN = """
            #!/bin/sh
            # STAND-IN for macOS leaks, written by MacLeaksProfilerTest. It checks nothing: it records how it was
            # called and prints what the documented leaks prints.
            printf '%s\\n' "$@" > "$RI_STANDIN_ARGS"
            env > "$RI_STANDIN_ENV"
            pwd -P > "$RI_STANDIN_PWD"
            if grep -q stale "$RI_STANDIN_REPORT" 2>/dev/null; then echo stale-present > "$RI_STANDIN_SEEN";\
             else echo clean > "$RI_STANDIN_SEEN"; fi
            echo "hello from the program"
            echo "prog(4242) MallocStackLogging: recording malloc (and VM allocation) stacks using full mode" >&2
            header() {
            cat <<'EOF'
            Process:         prog [4242]
            Path:            /Users/USER/*/prog
            Code Type:       ARM64
            Parent Process:  leaks [4241]
            OS Version:      macOS 14.2 (23C64)
            Report Version:  7

            Physical footprint:         1.2M
            Physical footprint (peak):  1.9M
            ----

            leaks Report Version: 4.0, multi-line stacks
            Process 4242: 310 nodes malloced for 24 KB
            EOF
            }
            case "${RI_STANDIN_MODE:-none}" in
            none)
              header
              echo "Process 4242: 0 leaks for 0 total leaked bytes."
              exit 0;;
            found)
              header
            cat <<'EOF'
            Process 4242: 2 leaks for 160 total leaked bytes.

            STACK OF 1 INSTANCE OF 'ROOT LEAK: <malloc in mylib::make_node>':
            5   dyld                      0x18f2e20e0 start + 2360
            4   prog                      0x1000033a8 main + 52  main.rs:9
            3   prog                      0x100002f10 mylib::make_node::h2f4e... + 64  lib.rs:21
            1   libsystem_malloc.dylib    0x18f4b4e24 _malloc_zone_malloc_instrumented_or_legacy + 128
            ====
                2 (160 bytes) ROOT LEAK: <malloc in mylib::make_node 0x600001234000> [80]
                   1 (80 bytes) <malloc in mylib::make_node 0x600001234050> [80]
            EOF
              exit 1;;
            error)
              echo "leaks[4241]: stand-in failure: unable to examine process 4242" >&2
              echo "leaks: stand-in last line: task_for_pid failed" 
              exit 2;;
            empty)
              exit 0;;
            sleep)
              sleep 300
              exit 0;;
            esac
            exit 99
            """;

    @TempDir
    Path tmp;

    private final CollectingBuildLog log = new CollectingBuildLog();
    private final MacLeaksProfiler profiler = new MacLeaksProfiler(new ProcessRunner(log), log, "leaks");
    private Path standInBin;
    private Path runDirectory;
    private Path workDir;
    private Path report;

    @BeforeEach
    void placeStandIn() throws IOException {
        standInBin = Files.createDirectory(tmp.resolve("stand-in-bin"));
        Path script = standInBin.resolve("leaks");
        Files.writeString(script, STAND_IN);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        runDirectory = tmp.resolve("target/rust-instruments/default");
        workDir = Files.createDirectory(tmp.resolve("work"));
        report = runDirectory.resolve("leaks.txt");
    }

    private Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", standInBin + ":" + System.getenv("PATH"));
        env.put("RI_STANDIN_ARGS", tmp.resolve("args.txt").toString());
        env.put("RI_STANDIN_ENV", tmp.resolve("env.txt").toString());
        env.put("RI_STANDIN_PWD", tmp.resolve("pwd.txt").toString());
        env.put("RI_STANDIN_SEEN", tmp.resolve("seen.txt").toString());
        env.put("RI_STANDIN_REPORT", report.toString());
        env.putAll(extra);
        return env;
    }

    private RecordingRequest request(Map<String, String> env, Duration timeLimit) {
        return new RecordingRequest("leaks", List.of("/home/dev/target/release/harness", "arg one", "--flag"), env,
                workDir, timeLimit, runDirectory);
    }

    private Recording record(String mode) throws IOException {
        return profiler.record(request(environment(Map.of("RI_STANDIN_MODE", mode)), Duration.ofSeconds(30)));
    }

    @Test
    void runsLeaksAtExitWithTheExactArgumentsInTheWorkingDirectory() throws IOException {
        record("none");

        assertEquals(List.of("--atExit", "--", "/home/dev/target/release/harness", "arg one", "--flag"),
                Files.readAllLines(tmp.resolve("args.txt")));
        assertEquals(workDir.toRealPath().toString(), Files.readString(tmp.resolve("pwd.txt")).trim());
    }

    @Test
    void mallocStackLoggingIsInTheTargetsEnvironmentOnly() throws IOException {
        Map<String, String> env = environment(Map.of("RI_STANDIN_MODE", "none", "RUST_BACKTRACE", "1"));
        Map<String, String> asGiven = Map.copyOf(env);

        profiler.record(request(env, Duration.ofSeconds(30)));

        List<String> seen = Files.readAllLines(tmp.resolve("env.txt"));
        assertTrue(seen.contains("MallocStackLogging=1"), seen.toString());
        assertTrue(seen.contains("RUST_BACKTRACE=1"), "the run's own variables still get through: " + seen);
        assertNull(System.getenv("MallocStackLogging"), "never set for Maven's own JVM");
        assertEquals(asGiven, env, "the request's environment map is not changed");
    }

    @Test
    void aMallocStackLoggingTheUserSetIsKept() throws IOException {
        profiler.record(request(environment(Map.of("RI_STANDIN_MODE", "none", "MallocStackLogging", "lite")),
                Duration.ofSeconds(30)));

        List<String> seen = Files.readAllLines(tmp.resolve("env.txt"));
        assertTrue(seen.contains("MallocStackLogging=lite"), seen.toString());
        assertFalse(seen.contains("MallocStackLogging=1"), seen.toString());
    }

    @Test
    void exitZeroIsACleanCheckWithAnEmptyLeakList() throws IOException {
        Recording recording = record("none");

        assertEquals(report, recording.file());
        assertEquals(0, recording.exitCode());
        assertFalse(recording.timedOut());
        Profile profile = profiler.analyse(recording.file());
        assertEquals(0L, profile.leakedBytes());
        assertEquals(0L, profile.leakedBlocks());
    }

    @Test
    void exitOneMeansLeaksFoundAndIsNotAProgramFailure() throws IOException {
        Recording recording = record("found");

        assertEquals(report, recording.file());
        assertEquals(0, recording.exitCode(), "leaks' status 1 (leaks found) is not the program's status");
        assertFalse(recording.timedOut());

        Profile profile = profiler.analyse(recording.file());
        assertEquals(160L, profile.leakedBytes());
        assertEquals(2L, profile.leakedBlocks());
        assertEquals("/Users/USER/*/prog", profile.command());
        List<LeakRecord> records = profile.leaks().records();
        assertEquals(1, records.size());
        assertEquals(MacLeaksReportReader.ROOT_LEAK, records.get(0).kind());
        assertEquals(160L, records.get(0).bytes());
        assertEquals(2L, records.get(0).blocks());
        assertEquals("_malloc_zone_malloc_instrumented_or_legacy", records.get(0).frames().get(0).function());
    }

    @Test
    void theReportHoldsBothStreamsIncludingTheProgramsOutput() throws IOException {
        Recording recording = record("found");

        List<String> lines = Files.readAllLines(recording.file());
        assertTrue(lines.contains("hello from the program"), lines.toString());
        assertTrue(lines.contains("prog(4242) MallocStackLogging: recording malloc (and VM allocation) stacks using"
                + " full mode"), lines.toString());
        assertTrue(lines.contains("Process 4242: 2 leaks for 160 total leaked bytes."), lines.toString());
        assertTrue(lines.contains("====") && lines.indexOf("====") > lines.indexOf(
                "Process 4242: 2 leaks for 160 total leaked bytes."), "report lines keep their order: " + lines);
    }

    @Test
    void logsEveryLineAtInfoWithThePrefix() throws IOException {
        record("found");

        assertTrue(log.info().contains("[leaks] hello from the program"), log.info().toString());
        assertTrue(log.info().contains("[leaks] Process 4242: 2 leaks for 160 total leaked bytes."),
                log.info().toString());
        assertTrue(log.warn().isEmpty(), log.warn().toString());
    }

    @Test
    void aStaleReportIsDeletedBeforeLeaksRuns() throws IOException {
        Files.createDirectories(runDirectory);
        Files.writeString(report, "stale report of an earlier build\nProcess 1: 9 leaks for 999 total leaked bytes.\n");

        Recording recording = record("none");

        assertEquals("clean", Files.readString(tmp.resolve("seen.txt")).trim());
        assertFalse(Files.readString(recording.file()).contains("stale"));
        assertEquals(0L, profiler.analyse(recording.file()).leakedBytes());
    }

    @Test
    void exitTwoIsAFailureOfTheToolCarryingItsLastLines() throws IOException {
        IOException e = assertThrows(IOException.class, () -> record("error"));

        String message = e.getMessage();
        assertTrue(message.startsWith("leaks exited with status 2: it could not check the program"), message);
        assertTrue(message.contains("leaks[4241]: stand-in failure: unable to examine process 4242"), message);
        assertTrue(message.contains("leaks: stand-in last line: task_for_pid failed"), message);
        assertTrue(message.contains("hello from the program"), "the tail is of both streams: " + message);
        assertTrue(message.endsWith("Its whole output is kept in " + report), message);
        assertTrue(Files.readString(report).contains("task_for_pid failed"));
    }

    @Test
    void anOutputWithoutAReportFailsTheAnalysisNamingTheFile() throws IOException {
        // not documented behaviour of leaks, but the analysis must say so rather than report 0 leaks
        Recording recording = record("empty");

        assertEquals(report, recording.file());
        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> profiler.analyse(recording.file()));
        assertTrue(e.getMessage().contains(report.toString()), e.getMessage());
    }

    @Test
    void aTimeOutIsReportedNotThrown() throws IOException {
        long start = System.nanoTime();

        Recording recording = profiler.record(request(environment(Map.of("RI_STANDIN_MODE", "sleep")),
                Duration.ofSeconds(1)));

        assertTrue(recording.timedOut());
        assertEquals(report, recording.file(), "what was captured is kept");
        assertTrue(Files.readString(report).contains("hello from the program"));
        assertThrows(RecordingFormatException.class, () -> profiler.analyse(recording.file()));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20);
    }

    @Test
    void checkInstalledNamesTheXcodeCommandLineTools() throws IOException {
        Path emptyBin = Files.createDirectory(tmp.resolve("empty-bin"));

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class,
                () -> profiler.checkInstalled(Map.of("PATH", emptyBin.toString())));

        assertEquals("leaks not found on PATH; " + MacLeaksProfiler.INSTALL_HINT, e.getMessage());
        assertTrue(e.getMessage().contains("Xcode command line tools"), e.getMessage());
        assertTrue(e.getMessage().contains("xcode-select --install"), e.getMessage());
        assertEquals("leaks", e.tool());
    }

    @Test
    void checkInstalledFindsTheStandInOnThePathOverride() {
        assertDoesNotThrow(() -> profiler.checkInstalled(Map.of("PATH", standInBin.toString())));
    }

    @Test
    void recordWithoutLeaksFailsWithTheInstallMessageAndLeavesNoReport() throws IOException {
        Path emptyBin = Files.createDirectory(tmp.resolve("empty-bin"));
        Map<String, String> env = environment(Map.of());
        env.put("PATH", emptyBin.toString());

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class,
                () -> profiler.record(request(env, Duration.ofSeconds(5))));

        assertTrue(e.getMessage().contains("xcode-select --install"), e.getMessage());
        assertFalse(Files.exists(report));
    }

    @Test
    void aConfiguredPathIsUsedAndANullOneMeansLeaks() throws IOException {
        MacLeaksProfiler byPath = new MacLeaksProfiler(new ProcessRunner(log), log,
                standInBin.resolve("leaks").toString());
        Map<String, String> env = environment(Map.of("RI_STANDIN_MODE", "none"));
        env.put("PATH", System.getenv("PATH"));

        assertEquals(0, byPath.record(request(env, Duration.ofSeconds(30))).exitCode());
        assertEquals("leaks", new MacLeaksProfiler(null, log, null).commandLine(List.of("x")).get(0));
    }

    @Test
    void idAndViewer() {
        assertEquals("macos-leaks", profiler.id());
        assertEquals("open -a TextEdit '/Users/dev/my project/target/leaks.txt'   (or any text viewer)",
                profiler.viewerCommand(Path.of("/Users/dev/my project/target/leaks.txt")));
    }
}
