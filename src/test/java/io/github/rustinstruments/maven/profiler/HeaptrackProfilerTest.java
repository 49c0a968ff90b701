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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HeaptrackProfiler} driving a fake heaptrack installation: {@code bin/heaptrack} (never run),
 * {@code lib/heaptrack/libheaptrack_preload.so} (a copy of the C library, which preloads harmlessly) and a stand-in
 * {@code heaptrack_interpret} that prefixes each line it reads; stand-in {@code zstd}/{@code gzip} prefix what they
 * compress; a stand-in program records its arguments, working directory and environment and writes to the FIFO.
 * Every path but the installation's has spaces and quotes in it.
 */
class HeaptrackProfilerTest {
    private static final String INTERPRETER = "#!/bin/sh\n"
            + "# STAND-IN for heaptrack_interpret, written by HeaptrackProfilerTest.\n"
            + "echo interpreter-started > \"$RI_STANDIN_INTERPRETER\"\n"
            + "while IFS= read -r line; do echo \"interpreted $line\"; done\n"
            + "echo \"stand-in interpreter stats\" >&2\n"
            + "if [ -n \"$RI_STANDIN_INTERPRET_SLEEP\" ]; then sleep \"$RI_STANDIN_INTERPRET_SLEEP\"; echo finished; fi\n";
    private static final String COMPRESSOR = "#!/bin/sh\n"
            + "# STAND-IN for zstd or gzip, written by HeaptrackProfilerTest.\n"
            + "echo \"compressed by ${0##*/} $*\"\n"
            + "while IFS= read -r line; do printf '%s\\n' \"$line\"; done\n";
    private static final String PROGRAM = "#!/bin/sh\n"
            + "# STAND-IN for the profiled program, written by HeaptrackProfilerTest.\n"
            + "printf '%s\\n' \"$@\" > \"$RI_STANDIN_ARGS\"\n"
            + "printf '%s\\n' \"$LD_PRELOAD\" \"$DUMP_HEAPTRACK_OUTPUT\" > \"$RI_STANDIN_ENV\"\n"
            + "pwd -P > \"$RI_STANDIN_PWD\"\n"
            + "echo \"program stdout line\"\n"
            + "echo \"stand-in stderr line\" >&2\n"
            + "if [ \"$RI_STANDIN_WRITE\" != none ]; then\n"
            + "  exec 3> \"$DUMP_HEAPTRACK_OUTPUT\"\n"
            + "  echo \"recorded data\" >&3\n"
            + "fi\n"
            + "if [ -n \"$RI_STANDIN_SLEEP\" ]; then sleep \"$RI_STANDIN_SLEEP\"; fi\n"
            + "exit \"${RI_STANDIN_EXIT:-0}\"\n";

    @TempDir
    Path tmp;

    private final CollectingBuildLog log = new CollectingBuildLog();
    private final HeaptrackProfiler profiler = new HeaptrackProfiler(new ProcessRunner(log), log, "heaptrack");
    private Path installationBin;
    private Path preload;
    private Path tools;
    private Path program;
    private Path runDirectory;
    private Path workDir;

    @BeforeEach
    void placeFakeInstallation() throws IOException {
        // LD_PRELOAD cannot carry a path with spaces (HeaptrackInstallationTest): only the installation has none
        Path prefix = tmp.resolve("heaptrack-prefix");
        installationBin = prefix.resolve("bin");
        HeaptrackInstallationTest.executable(installationBin.resolve("heaptrack"),
                "#!/bin/sh\n# fake heaptrack script: the profiler must not run it (heaptrack_interpret)\nexit 99\n");
        preload = Files.createDirectories(prefix.resolve("lib/heaptrack")).resolve("libheaptrack_preload.so");
        Files.copy(cLibrary(), preload);
        HeaptrackInstallationTest.executable(prefix.resolve("lib/heaptrack/libexec/heaptrack_interpret"),
                INTERPRETER);
        tools = Files.createDirectories(tmp.resolve("tools"));
        HeaptrackInstallationTest.executable(tools.resolve("zstd"), COMPRESSOR);
        program = HeaptrackInstallationTest.executable(tmp.resolve("my \"harness\"/memcheck 'x'"), PROGRAM);
        runDirectory = tmp.resolve("my project/target/rust-instruments/it's default");
        workDir = Files.createDirectories(tmp.resolve("work dir 'q'"));
    }

    /** The C library this JVM runs on: preloading it again changes nothing, so programs run without warnings. */
    private static Path cLibrary() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().map(line -> line.replaceFirst("^(\\S+\\s+){5}", ""))
                .filter(path -> path.matches("/.*/libc(-[0-9.]+)?\\.so(\\.6)?")).map(Path::of).findFirst()
                .orElseThrow(() -> new IOException("no C library in /proc/self/maps"));
    }

    private Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", installationBin + ":" + tools + ":" + System.getenv("PATH"));
        env.put("RI_STANDIN_ARGS", tmp.resolve("args.txt").toString());
        env.put("RI_STANDIN_ENV", tmp.resolve("env.txt").toString());
        env.put("RI_STANDIN_PWD", tmp.resolve("pwd.txt").toString());
        env.put("RI_STANDIN_INTERPRETER", tmp.resolve("interpreter.txt").toString());
        env.putAll(extra);
        return env;
    }

    private RecordingRequest request(Map<String, String> extra, Duration timeLimit) {
        return new RecordingRequest("allocations", List.of(program.toString(), "arg one", "it's \"two\"", "$HOME"),
                environment(extra), workDir, timeLimit, runDirectory);
    }

    @Test
    void recordsThroughTheInterpreterAndCompressorWithTheExactArguments() throws IOException {
        Recording recording = profiler.record(request(Map.of("RI_STANDIN_EXIT", "3"), Duration.ofSeconds(30)));

        assertEquals(List.of("arg one", "it's \"two\"", "$HOME"), Files.readAllLines(tmp.resolve("args.txt")));
        assertEquals(runDirectory.resolve("allocations.zst"), recording.file());
        assertEquals("compressed by zstd -c\ninterpreted recorded data\n", Files.readString(recording.file()));
        assertEquals(3, recording.exitCode());
        assertFalse(recording.timedOut());
        assertEquals(List.of("stand-in stderr line", "stand-in interpreter stats"), recording.stderrTail());
        assertEquals(workDir.toRealPath().toString(), Files.readString(tmp.resolve("pwd.txt")).trim(),
                "the program starts in its configured working directory");
        assertFalse(Files.exists(runDirectory.resolve("allocations.fifo")), "the FIFO is removed");
        assertEquals(List.of("allocations.zst"), listing(runDirectory));
    }

    @Test
    void theProgramGetsThePreloadLibraryAndTheFifo() throws IOException {
        profiler.record(request(Map.of("LD_PRELOAD", "/x/lib mine.so"), Duration.ofSeconds(30)));

        assertEquals(List.of(preload.toRealPath() + ":/x/lib mine.so",
                runDirectory.resolve("allocations.fifo").toString()), Files.readAllLines(tmp.resolve("env.txt")));
    }

    @Test
    void logsEveryStreamAtInfoWithThePrefix() throws IOException {
        profiler.record(request(Map.of(), Duration.ofSeconds(30)));

        assertTrue(log.info().contains("[heaptrack] stand-in stderr line"), log.info().toString());
        assertTrue(log.info().contains("[heaptrack] program stdout line"), log.info().toString());
        assertTrue(log.info().contains("[heaptrack] stand-in interpreter stats"), log.info().toString());
        assertTrue(log.warn().isEmpty(), log.warn().toString());
    }

    @Test
    void deletesAStaleRecordingBeforeRecording() throws IOException {
        Files.createDirectories(runDirectory);
        Files.writeString(runDirectory.resolve("allocations.zst"), "stale zst from an earlier build");
        Files.writeString(runDirectory.resolve("allocations.gz"), "stale gz from an earlier build");

        Recording recording = profiler.record(request(Map.of(), Duration.ofSeconds(30)));

        assertFalse(Files.exists(runDirectory.resolve("allocations.gz")));
        assertEquals("compressed by zstd -c\ninterpreted recorded data\n", Files.readString(recording.file()));
    }

    @Test
    void aProgramThatNeverOpensTheFifoLeavesNoRecordingAndNoInterpreter() throws IOException {
        Files.createDirectories(runDirectory);
        Files.writeString(runDirectory.resolve("allocations.zst"), "stale");
        long start = System.nanoTime();

        Recording recording = profiler.record(request(Map.of("RI_STANDIN_WRITE", "none", "RI_STANDIN_EXIT", "1"),
                Duration.ofSeconds(60)));

        assertNull(recording.file());
        assertEquals(1, recording.exitCode());
        assertFalse(recording.timedOut());
        assertEquals(List.of(), listing(runDirectory), "no stale recording, no empty one, no FIFO");
        assertFalse(Files.exists(tmp.resolve("interpreter.txt")), "the interpreter never started reading");
        assertTrue(recording.stderrTail().get(recording.stderrTail().size() - 1)
                .startsWith("the program never opened heaptrack's FIFO"), recording.stderrTail().toString());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "it must not wait for its limit");
    }

    @Test
    void anInterpreterStillWorkingAfterTheProgramEndedIsWaitedFor() throws IOException {
        // longer than OPEN_GRACE: it must not be taken for one still waiting for the program to open the FIFO
        Recording recording = profiler.record(request(Map.of("RI_STANDIN_INTERPRET_SLEEP", "3"),
                Duration.ofSeconds(30)));

        assertEquals("compressed by zstd -c\ninterpreted recorded data\nfinished\n",
                Files.readString(recording.file()));
        assertTrue(log.warn().isEmpty(), log.warn().toString());
    }

    @Test
    void aFailingInterpreterIsAWarning() throws IOException {
        Files.writeString(installationBin.resolve("../lib/heaptrack/libexec/heaptrack_interpret"), INTERPRETER
                + "exit 4\n");

        Recording recording = profiler.record(request(Map.of(), Duration.ofSeconds(30)));

        assertEquals(0, recording.exitCode(), "the program's status, not the interpreter's");
        assertEquals(List.of("heaptrack_interpret exited with status 4; the recording " + recording.file()
                + " may be incomplete"), log.warn());
    }

    @Test
    void gzipWhenZstdIsNotOnThePath() throws IOException {
        Path gzipOnly = Files.createDirectories(tmp.resolve("gzip only"));
        HeaptrackInstallationTest.executable(gzipOnly.resolve("gzip"), COMPRESSOR);
        Map<String, String> env = Map.of("PATH", installationBin + ":" + gzipOnly);

        Recording recording = profiler.record(request(env, Duration.ofSeconds(30)));

        assertEquals(runDirectory.resolve("allocations.gz"), recording.file());
        assertEquals("compressed by gzip -c\ninterpreted recorded data\n", Files.readString(recording.file()));
    }

    @Test
    void aTimeOutIsReportedAndThePartialRecordingKept() throws IOException {
        long start = System.nanoTime();

        Recording recording = profiler.record(request(Map.of("RI_STANDIN_SLEEP", "300"), Duration.ofSeconds(1)));

        assertTrue(recording.timedOut());
        assertEquals(runDirectory.resolve("allocations.zst"), recording.file(), "what was written is kept");
        assertEquals("compressed by zstd -c\ninterpreted recorded data\n", Files.readString(recording.file()),
                "the interpreter finished the partial recording");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20);
        assertEquals(List.of("allocations.zst"), listing(runDirectory));
    }

    @Test
    void aProgramThatCannotStartLeavesNoInterpreterAndNoFifo() throws IOException {
        RecordingRequest request = new RecordingRequest("allocations", List.of(tmp.resolve("no such").toString()),
                environment(Map.of()), workDir, Duration.ofSeconds(30), runDirectory);

        assertThrows(ToolNotFoundException.class, () -> profiler.record(request));

        assertEquals(List.of(), listing(runDirectory));
        assertTrue(ProcessHandle.current().children().noneMatch(child -> child.info().commandLine()
                .map(line -> line.contains("heaptrack_interpret")).orElse(false)), "the interpreter was stopped");
    }

    @Test
    void aWrapperWithoutAnInstallationBesideItIsRunAsAWhole() throws IOException {
        Path wrapper = HeaptrackInstallationTest.executable(tmp.resolve("wrapper/heaptrack-wrapper"),
                "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$RI_STANDIN_ARGS\"\necho \"wrapped\" > \"$2.zst\"\n");
        HeaptrackProfiler wrapped = new HeaptrackProfiler(new ProcessRunner(log), log, wrapper.toString());
        Path plainRun = tmp.resolve("plain/target/default");

        Recording recording = wrapped.record(new RecordingRequest("allocations", List.of("/t/memcheck", "a b"),
                environment(Map.of()), workDir, Duration.ofSeconds(30), plainRun));

        assertEquals(List.of("-o", plainRun.resolve("allocations").toString(), "/t/memcheck", "a b"),
                Files.readAllLines(tmp.resolve("args.txt")));
        assertEquals(plainRun.resolve("allocations.zst"), recording.file());
    }

    @Test
    void aWrapperCannotWriteToAPathWithSpacesAndSaysWhatToConfigure() throws IOException {
        Path wrapper = HeaptrackInstallationTest.executable(tmp.resolve("wrapper/heaptrack-wrapper"),
                "#!/bin/sh\nexit 0\n");
        HeaptrackProfiler wrapped = new HeaptrackProfiler(new ProcessRunner(log), log, wrapper.toString());

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class,
                () -> wrapped.record(request(Map.of(), Duration.ofSeconds(30))));

        assertTrue(e.getMessage().contains("cannot write to " + runDirectory.resolve("allocations")),
                e.getMessage());
        assertTrue(e.getMessage().contains("point <heaptrackExecutable> at heaptrack itself"), e.getMessage());
    }

    private static List<String> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
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
    void checkInstalledFindsTheInstallationOnThePathOverride() {
        assertDoesNotThrow(() -> profiler.checkInstalled(Map.of("PATH", installationBin.toString())));
    }

    @Test
    void checkInstalledFailsEarlyOnAnIncompleteInstallation() throws IOException {
        Files.delete(preload);

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class,
                () -> profiler.checkInstalled(Map.of("PATH", installationBin.toString())));

        assertTrue(e.getMessage().startsWith("heaptrack's installation is incomplete: " + preload), e.getMessage());
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
