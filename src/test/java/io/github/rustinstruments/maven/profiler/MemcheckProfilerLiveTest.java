package io.github.rustinstruments.maven.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.rustinstruments.maven.process.CollectingBuildLog;
import io.github.rustinstruments.maven.process.ProcessResult;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ProcessSpec;
import io.github.rustinstruments.maven.trace.LeakDetails.LeakKindTotals;
import io.github.rustinstruments.maven.trace.LeakDetails.LeakRecord;
import io.github.rustinstruments.maven.trace.MemcheckXmlReader;
import io.github.rustinstruments.maven.trace.Profile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real valgrind on the tiny std-only programs of src/test/resources/memcheck/src, built here with rustc
 * (release with debug info, as the harness is built; one in debug too): the shipped suppressions leave nothing of
 * std's own memory, and user leaks keep their exact bytes. Skipped where valgrind or rustc is not installed.
 */
class MemcheckProfilerLiveTest {
    @TempDir
    static Path programs;

    @TempDir
    Path tmp;

    private final CollectingBuildLog log = new CollectingBuildLog();
    private final ProcessRunner runner = new ProcessRunner(log);
    private final MemcheckProfiler profiler = new MemcheckProfiler(runner, log, "valgrind", List.of(), List.of());

    @BeforeAll
    static void toolsInstalled() {
        assumeTrue(ProcessRunner.findExecutable("valgrind", null).isPresent(), "valgrind is not on PATH");
        assumeTrue(ProcessRunner.findExecutable("rustc", null).isPresent(), "rustc is not on PATH");
    }

    /** Compiles {@code src/<name>.rs} once per class. */
    private static synchronized Path build(String name, boolean release) throws IOException {
        Path executable = programs.resolve(name + (release ? "" : "-debug"));
        if (Files.isExecutable(executable)) {
            return executable;
        }
        Path source = programs.resolve(name + ".rs");
        try (InputStream in = MemcheckProfilerLiveTest.class.getResourceAsStream("/memcheck/src/" + name + ".rs")) {
            Files.copy(in, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessResult result = new ProcessRunner(new CollectingBuildLog()).run(ProcessSpec.of("rustc", "--edition",
                "2021", "-C", "opt-level=" + (release ? "3" : "0"), "-g", source.toString(), "-o",
                executable.toString()).directory(programs).timeout(Duration.ofMinutes(2)));
        assertEquals(0, result.exitCode(), "rustc " + name + ": " + result.stderrTail());
        return executable;
    }

    private Recording record(Path executable, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(args));
        Recording recording = profiler.record(new RecordingRequest("leaks", command,
                Map.of("RUST_BACKTRACE", "1"), tmp, Duration.ofMinutes(3), tmp.resolve("out/default")));
        assertEquals(0, recording.exitCode(), recording.stderrTail().toString());
        assertFalse(recording.timedOut());
        assertNotNull(recording.file(), "valgrind wrote no XML: " + recording.stderrTail());
        return recording;
    }

    @Test
    void aCleanReleaseProgramReportsNothingWithTheShippedSuppressions() throws IOException {
        Path clean = build("clean", true);

        Profile profile = profiler.analyse(record(clean, "a", "b").file());

        assertEquals(new LeakKindTotals(0, 0, 0, 0, 0, 0, 0, 0), profile.leaks().kinds(),
                "std's own memory must be suppressed: " + profile.leaks().records());
        assertEquals(0L, profile.leakedBytes());
        assertEquals(List.of(), profile.leaks().errors());

        // without the shipped suppressions the same program does show std's memory, so the check above means
        // something (if a future std frees all of it, this part is what to revisit)
        Path xml = tmp.resolve("unsuppressed.xml");
        ProcessResult result = runner.run(ProcessSpec.of("valgrind", "--tool=memcheck", "--leak-check=full",
                "--show-leak-kinds=all", "--num-callers=40", "--xml=yes", "--xml-file=" + xml, clean.toString(), "a",
                "b").environment(Map.of("RUST_BACKTRACE", "1")).directory(tmp).timeout(Duration.ofMinutes(3)));
        assertEquals(0, result.exitCode(), result.stderrTail().toString());
        Profile unsuppressed = MemcheckXmlReader.read(xml);
        assertFalse(unsuppressed.leaks().records().isEmpty());
        assertEquals(0, unsuppressed.leaks().kinds().definitelyLostBytes(), "std leaks nothing definitely");
    }

    @Test
    void aCleanDebugProgramReportsNothingEither() throws IOException {
        Profile profile = profiler.analyse(record(build("clean", false)).file());

        assertEquals(new LeakKindTotals(0, 0, 0, 0, 0, 0, 0, 0), profile.leaks().kinds(),
                "std's own memory must be suppressed: " + profile.leaks().records());
    }

    @Test
    void theLeaksOfAProgramKeepTheirExactBytes() throws IOException {
        Profile profile = profiler.analyse(record(build("leak_kinds", true)).file());

        assertEquals(new LeakKindTotals(300, 2, 0, 0, 64, 1, 32, 1), profile.leaks().kinds(),
                profile.leaks().records().toString());
        assertEquals(300L, profile.leakedBytes());
        assertTrue(profile.leaks().records().stream().anyMatch(r -> r.bytes() == 100 && has(r, "leak_kinds::leak_box")));
        assertTrue(profile.leaks().records().stream().anyMatch(r -> r.bytes() == 200
                && has(r, "leak_kinds::forget_vec")));
    }

    @Test
    void anRcCycleIsDefinitelyAndIndirectlyLost() throws IOException {
        Profile profile = profiler.analyse(record(build("rc_cycle", true)).file());

        assertEquals(new LeakKindTotals(72, 1, 72, 1, 0, 0, 0, 0), profile.leaks().kinds(),
                profile.leaks().records().toString());
        assertEquals(144L, profile.leakedBytes());
        assertEquals(2L, profile.leakedBlocks());
    }

    @Test
    void memoryErrorsAreReported() throws IOException {
        Profile profile = profiler.analyse(record(build("invalid_read", true)).file());

        assertEquals(List.of("InvalidRead", "InvalidRead"),
                profile.leaks().errors().stream().map(e -> e.kind()).toList());
        assertTrue(profile.leaks().errors().get(0).what().startsWith("Invalid read of size 1; Address 0x"));
        assertTrue(profile.leaks().errors().get(0).what().endsWith(" is 3 bytes inside a block of size 16 free'd"));
        assertEquals(new LeakKindTotals(0, 0, 0, 0, 0, 0, 0, 0), profile.leaks().kinds());
    }

    @Test
    void aProgramStoppedByTheTimeLimitStillHasItsLeakCheck() throws IOException {
        Path sleeper = build("sleeper", true);

        // the program runs inside valgrind's process: the time limit's SIGTERM reaches valgrind, which runs its
        // leak check and completes the XML before it exits
        Recording recording = profiler.record(new RecordingRequest("leaks", List.of(sleeper.toString()), Map.of(),
                tmp, Duration.ofSeconds(4), tmp.resolve("out/default")));

        assertTrue(recording.timedOut());
        assertEquals(128 + 15, recording.exitCode());
        assertNotNull(recording.file());
        Profile profile = profiler.analyse(recording.file());
        assertEquals(new LeakKindTotals(48, 1, 0, 0, 0, 0, 0, 0), profile.leaks().kinds(),
                profile.leaks().records().toString());
    }

    private static boolean has(LeakRecord record, String function) {
        return record.frames().stream().anyMatch(f -> function.equals(f.function()));
    }
}
