package io.github.rustinstruments.maven.profiler;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.process.CollectingBuildLog;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.RecordingFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link StatsProfiler} with stand-in harnesses: shell scripts that act like a scaffolded harness (write the file
 * {@code $RUST_INSTRUMENTS_STATS} names) or like one that predates the feature (write nothing). The real harness
 * built by cargo is {@link StatsProfilerLiveTest}'s.
 */
class StatsProfilerTest {
    /** Acts like a harness that counts: writes the statistics, unless told to exit early like std::process::exit. */
    private static final String COUNTING_STAND_IN = "#!/bin/sh\n"
            + "# STAND-IN for a counting harness, written by StatsProfilerTest. It counts nothing.\n"
            + "if [ -e \"$RUST_INSTRUMENTS_STATS\" ]; then echo stale-present > seen.txt; else echo clean > seen.txt; fi\n"
            + "printf '%s\\n' \"$@\" > args.txt\n"
            + "echo \"stand-in stdout\"\n"
            + "echo \"stand-in stderr\" >&2\n"
            + "# killed while it works, a harness writes nothing (its guard never drops)\n"
            + "if [ -n \"$STAND_IN_SLEEP\" ]; then exec sleep \"$STAND_IN_SLEEP\"; fi\n"
            + "if [ -z \"$STAND_IN_SKIP_WRITE\" ]; then\n"
            + "  printf '{\"allocations\":120,\"allocatedBytes\":106750,\"deallocations\":115,\"peakBytes\":103697,"
            + "\"liveBytesAtExit\":3548,\"liveBlocksAtExit\":5}' > \"$RUST_INSTRUMENTS_STATS\"\n"
            + "fi\n"
            + "exit \"${STAND_IN_EXIT:-0}\"\n";
    /** Acts like a harness scaffolded before profiler=stats: it never looks at the variable. */
    private static final String OLD_STAND_IN = "#!/bin/sh\n"
            + "# STAND-IN for a harness that does not count, written by StatsProfilerTest.\n"
            + "echo \"old harness\"\n"
            + "exit \"${STAND_IN_EXIT:-0}\"\n";

    @TempDir
    Path tmp;

    private final CollectingBuildLog log = new CollectingBuildLog();
    private final StatsProfiler profiler = new StatsProfiler(new ProcessRunner(log), log);
    private Path runDirectory;
    private Path workDir;

    @BeforeEach
    void directories() throws IOException {
        runDirectory = tmp.resolve("target/rust-instruments/default");
        workDir = Files.createDirectory(tmp.resolve("work"));
    }

    private Path standIn(String name, String script) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private RecordingRequest request(Path executable, Map<String, String> environment, Duration limit) {
        return new RecordingRequest("allocations", List.of(executable.toString(), "arg one", "--flag"), environment,
                workDir, limit, runDirectory);
    }

    private Path statsFile(String json) throws IOException {
        Files.createDirectories(runDirectory);
        return Files.writeString(runDirectory.resolve("allocations.stats.json"), json);
    }

    @Test
    void idAndNothingToInstall() {
        assertEquals("stats", profiler.id());
        assertDoesNotThrow(() -> profiler.checkInstalled(Map.of("PATH", "/nonexistent")));
    }

    @Test
    void runsTheExecutableItselfWithTheVariableNamingTheStatsFile() throws IOException {
        Path harness = standIn("memcheck", COUNTING_STAND_IN);

        Recording recording = profiler.record(request(harness, Map.of("STAND_IN_EXIT", "0"), Duration.ofSeconds(30)));

        Path expected = runDirectory.resolve("allocations.stats.json");
        assertEquals(expected, recording.file());
        assertEquals(0, recording.exitCode());
        assertFalse(recording.timedOut());
        assertEquals(List.of("stand-in stderr"), recording.stderrTail());
        assertEquals(List.of("arg one", "--flag"), Files.readAllLines(workDir.resolve("args.txt")),
                "no wrapper: the arguments reach the program as they are, in the working directory");
        assertTrue(log.info().contains("[stats] stand-in stdout"), log.info().toString());
        assertTrue(log.info().stream().anyMatch(line -> line.startsWith("Running " + harness)
                && line.contains("RUST_INSTRUMENTS_STATS=" + expected)), log.info().toString());
        assertTrue(log.warn().isEmpty(), log.warn().toString());
    }

    @Test
    void aStaleStatsFileIsDeletedBeforeTheRun() throws IOException {
        statsFile("{\"stale\":true}");
        Path harness = standIn("memcheck", COUNTING_STAND_IN);

        Recording recording = profiler.record(request(harness, Map.of(), Duration.ofSeconds(30)));

        assertEquals("clean", Files.readString(workDir.resolve("seen.txt")).trim());
        assertEquals(120L, profiler.analyse(recording.file()).allocations());
    }

    @Test
    void aFailedRunWithStatisticsIsReportedNotThrown() throws IOException {
        // a panic unwinds through the guard: the statistics are written and the exit status is 101
        Path harness = standIn("memcheck", COUNTING_STAND_IN);

        Recording recording = profiler.record(request(harness, Map.of("STAND_IN_EXIT", "101"),
                Duration.ofSeconds(30)));

        assertEquals(101, recording.exitCode());
        assertEquals(runDirectory.resolve("allocations.stats.json"), recording.file());
        assertTrue(log.warn().isEmpty(), log.warn().toString());
    }

    @Test
    void aHarnessThatDoesNotCountFailsWithHowToOptIn() throws IOException {
        Path harness = standIn("memcheck", OLD_STAND_IN);
        statsFile("{\"stale\":true}");

        IOException e = assertThrows(IOException.class,
                () -> profiler.record(request(harness, Map.of(), Duration.ofSeconds(30))));

        String message = e.getMessage();
        assertTrue(message.startsWith(harness + " exited normally but wrote no allocation statistics to "
                + runDirectory.resolve("allocations.stats.json") + ": the harness does not count allocations."),
                message);
        assertTrue(message.contains("scaffolded before profiler=stats existed"), message);
        assertTrue(message.contains("`mvn rust-instruments:scaffold`"), message);
        assertTrue(message.contains("static GLOBAL: alloc_stats::Counting = alloc_stats::Counting;"), message);
        assertTrue(message.contains("let _stats = alloc_stats::WriteAtExit;"), message);
        assertTrue(message.contains("mod alloc_stats {"), message);
        assertFalse(Files.exists(runDirectory.resolve("allocations.stats.json")), "the stale file is gone");
    }

    @Test
    void aCountingHarnessThatSkipsItsGuardIsToldAboutProcessExit() throws IOException {
        Path harness = standIn("memcheck", COUNTING_STAND_IN);

        IOException e = assertThrows(IOException.class, () -> profiler.record(request(harness,
                Map.of("STAND_IN_SKIP_WRITE", "1"), Duration.ofSeconds(30))));

        String message = e.getMessage();
        assertTrue(message.startsWith(harness + " exited normally but wrote no allocation statistics to "), message);
        assertTrue(message.contains("It reads RUST_INSTRUMENTS_STATS, so it ended without returning from main"),
                message);
        assertTrue(message.contains("std::process::exit"), message);
        assertTrue(message.endsWith("The last lines of its standard error:\n    stand-in stderr"), message);
        assertFalse(message.contains("mod alloc_stats {"), "no paste instructions for a harness that counts");
    }

    @Test
    void aFailedRunWithoutStatisticsIsReportedAndTheReasonLogged() throws IOException {
        Path harness = standIn("memcheck", OLD_STAND_IN);

        Recording recording = profiler.record(request(harness, Map.of("STAND_IN_EXIT", "3"), Duration.ofSeconds(30)));

        assertNull(recording.file());
        assertEquals(3, recording.exitCode());
        assertEquals(1, log.warn().size(), log.warn().toString());
        assertTrue(log.warn().get(0).startsWith(harness + " exited with status 3 but wrote no allocation statistics"),
                log.warn().get(0));
        assertTrue(log.warn().get(0).contains("the harness does not count allocations"), log.warn().get(0));
    }

    @Test
    void aTimedOutRunIsReportedWithoutStatistics() throws IOException {
        Path harness = standIn("memcheck", COUNTING_STAND_IN);

        Recording recording = profiler.record(request(harness, Map.of("STAND_IN_SLEEP", "30"),
                Duration.ofMillis(300)));

        assertTrue(recording.timedOut());
        assertNull(recording.file());
        assertTrue(log.warn().isEmpty(), "the time-out is the caller's message: " + log.warn());
    }

    @Test
    void theRequestsEnvironmentIsKeptAndTheVariableWins() throws IOException {
        Path harness = standIn("memcheck", COUNTING_STAND_IN);
        Path elsewhere = tmp.resolve("elsewhere.json");

        Recording recording = profiler.record(request(harness,
                Map.of("RUST_INSTRUMENTS_STATS", elsewhere.toString(), "STAND_IN_EXIT", "0"), Duration.ofSeconds(30)));

        assertEquals(runDirectory.resolve("allocations.stats.json"), recording.file());
        assertFalse(Files.exists(elsewhere));
    }

    @Test
    void analyseReadsTheTotals() throws IOException {
        Path file = statsFile("{\"allocations\":120,\"allocatedBytes\":106750,\"deallocations\":115,"
                + "\"peakBytes\":103697,\"liveBytesAtExit\":3548,\"liveBlocksAtExit\":5}");

        Profile profile = profiler.analyse(file);

        assertEquals(120L, profile.allocations());
        assertEquals(106750L, profile.allocatedBytes());
        assertEquals(103697L, profile.peakHeapBytes());
        assertEquals(3548L, profile.leakedBytes());
        assertEquals(5L, profile.leakedBlocks());
        assertNull(profile.temporaryAllocations(), "not measured, so null rather than 0");
        assertNull(profile.peakRssBytes());
        assertNull(profile.durationMillis());
        assertNull(profile.command());
        assertNull(profile.leaks());
        assertEquals(List.of(), profile.stacks());
        assertEquals(List.of(), profile.timeline());
    }

    @Test
    void analyseAcceptsWhitespaceUnknownFieldsAndCountsBeyondIntRange() throws IOException {
        Path file = statsFile("{\n  \"allocations\": 5000000000, \"allocatedBytes\": 9223372036854775807,\n"
                + "  \"deallocations\": 0, \"peakBytes\": 0, \"liveBytesAtExit\": 0, \"liveBlocksAtExit\": 0,"
                + " \"threads\": 4\n}\n");

        Profile profile = profiler.analyse(file);

        assertEquals(5_000_000_000L, profile.allocations());
        assertEquals(Long.MAX_VALUE, profile.allocatedBytes());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json at all|it is not JSON",
        "{\"allocations\":1|it is not JSON",
        "[1,2,3]|it is not a JSON object",
        "42|it is not a JSON object",
        "{\"allocations\":1,\"allocatedBytes\":2,\"deallocations\":0,\"peakBytes\":2,\"liveBytesAtExit\":2}"
                + "|the field \"liveBlocksAtExit\" is missing",
        "{\"allocations\":null,\"allocatedBytes\":2,\"deallocations\":0,\"peakBytes\":2,\"liveBytesAtExit\":2,"
                + "\"liveBlocksAtExit\":1}|the field \"allocations\" is missing",
        "{\"allocations\":-1,\"allocatedBytes\":2,\"deallocations\":0,\"peakBytes\":2,\"liveBytesAtExit\":2,"
                + "\"liveBlocksAtExit\":1}|\"allocations\" is -1, not a count",
        "{\"allocations\":1.5,\"allocatedBytes\":2,\"deallocations\":0,\"peakBytes\":2,\"liveBytesAtExit\":2,"
                + "\"liveBlocksAtExit\":1}|\"allocations\" is 1.5, not a count",
        "{\"allocations\":\"7\",\"allocatedBytes\":2,\"deallocations\":0,\"peakBytes\":2,\"liveBytesAtExit\":2,"
                + "\"liveBlocksAtExit\":1}|\"allocations\" is \"7\", not a count",
        "{\"allocations\":18446744073709551615,\"allocatedBytes\":2,\"deallocations\":0,\"peakBytes\":2,"
                + "\"liveBytesAtExit\":2,\"liveBlocksAtExit\":1}|\"allocations\" is 18446744073709551615, not a count",
        "{\"allocations\":1,\"allocatedBytes\":2,\"deallocations\":0,\"peakBytes\":2,\"liveBytesAtExit\":2,"
                + "\"liveBlocksAtExit\":1}{\"allocations\":1}|it is not JSON",
    })
    void aMalformedFileIsAFormatErrorThatNamesTheFileAndTheProblem(String content, String problem) throws IOException {
        Path file = statsFile(content);

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> profiler.analyse(file));

        assertTrue(e.getMessage().startsWith(file + " is not an allocation statistics file of a rust-instruments"
                + " harness: " + problem), e.getMessage());
        assertTrue(e.getMessage().contains("Expected one JSON object with the counts allocations, allocatedBytes,"
                + " deallocations, peakBytes, liveBytesAtExit, liveBlocksAtExit"), e.getMessage());
    }

    @Test
    void anEmptyFileIsAFormatError() throws IOException {
        Path file = statsFile("");

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> profiler.analyse(file));

        assertTrue(e.getMessage().contains(": it is empty (was the program killed while writing it?)"), e.getMessage());
    }

    @Test
    void aHugeFileIsAFormatErrorAndNotReadWhole() throws IOException {
        Path file = statsFile("{\"allocations\":1," + " ".repeat(100_000) + "}");

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> profiler.analyse(file));

        assertTrue(e.getMessage().contains("it is larger than 65536 bytes"), e.getMessage());
    }

    @Test
    void analyseOfAMissingFileSaysHowAHarnessWritesStatistics() {
        Path missing = runDirectory.resolve("allocations.stats.json");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> profiler.analyse(missing));

        assertTrue(e.getMessage().startsWith(missing + ": no allocation statistics"), e.getMessage());
        assertTrue(e.getMessage().contains("`mvn rust-instruments:scaffold`"), e.getMessage());
    }

    @Test
    void findsTheVariableNameInAnExecutableEvenAcrossReadChunks() throws IOException {
        byte[] name = "RUST_INSTRUMENTS_STATS".getBytes();
        for (int offset : new int[] {0, 65536 - 10, 65536, 3 * 65536 - 1}) {
            byte[] content = new byte[offset + name.length + 7];
            System.arraycopy(name, 0, content, offset, name.length);
            Path binary = Files.write(tmp.resolve("binary-" + offset), content);
            assertEquals(Boolean.TRUE, StatsProfiler.mentionsVariable(binary), "at offset " + offset);
        }
        byte[] almost = new byte[200_000];
        byte[] partial = "RUST_INSTRUMENTS_STAT".getBytes();
        System.arraycopy(partial, 0, almost, 65536 - 5, partial.length);
        assertEquals(Boolean.FALSE, StatsProfiler.mentionsVariable(Files.write(tmp.resolve("almost"), almost)));
        assertNull(StatsProfiler.mentionsVariable(tmp.resolve("no-such-binary")));
    }

    @Test
    void viewerCommandShowsTheFile() {
        assertEquals("cat '/tmp/my run/allocations.stats.json'   (totals only: for call stacks record with"
                + " profiler=heaptrack)", profiler.viewerCommand(Path.of("/tmp/my run/allocations.stats.json")));
    }
}
