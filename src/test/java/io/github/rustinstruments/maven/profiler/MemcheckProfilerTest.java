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
import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.LeakDetails.LeakKindTotals;
import io.github.rustinstruments.maven.trace.LeakDetails.LeakRecord;
import io.github.rustinstruments.maven.trace.MemcheckXmlReader;
import io.github.rustinstruments.maven.trace.Profile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link MemcheckProfiler} driving a stand-in {@code valgrind} shell script placed on the PATH of the request: the
 * stand-in records the arguments it got, says whether an old recording was still there, keeps a copy of the first
 * suppression file it was given, writes the XML named by {@code --xml-file=} (a copy of a fixture, or nothing) and
 * exits with the code it is told to. Reading the XML is {@code MemcheckXmlReaderTest}'s business; here the fixtures
 * only check what {@link MemcheckProfiler#analyse} adds.
 */
class MemcheckProfilerTest {
    private static final String STAND_IN = "#!/bin/sh\n"
            + "# STAND-IN for valgrind, written by MemcheckProfilerTest. It checks nothing.\n"
            + "printf '%s\\n' \"$@\" > \"$RI_STANDIN_ARGS\"\n"
            + "xml=\n"
            + "supp=\n"
            + "for a in \"$@\"; do\n"
            + "  case \"$a\" in\n"
            + "    --xml-file=*) xml=$(printf '%s' \"${a#--xml-file=}\" | sed 's/%%/%/g') ;;\n"
            + "    --suppressions=*) if [ -z \"$supp\" ]; then supp=\"${a#--suppressions=}\"; fi ;;\n"
            + "  esac\n"
            + "done\n"
            + "if [ -e \"$xml\" ]; then echo stale-present > \"$RI_STANDIN_SEEN\"; else echo clean > \"$RI_STANDIN_SEEN\"; fi\n"
            + "if [ -n \"$supp\" ]; then cp \"$supp\" \"$RI_STANDIN_SUPP\"; fi\n"
            + "pwd -P > \"$RI_STANDIN_PWD\"\n"
            + "echo \"stand-in stdout line\"\n"
            + "echo \"stand-in stderr line\" >&2\n"
            + "if [ -n \"$RI_STANDIN_WRITE\" ]; then cp \"$RI_STANDIN_WRITE\" \"$xml\"; fi\n"
            + "if [ -n \"$RI_STANDIN_SLEEP\" ]; then exec sleep \"$RI_STANDIN_SLEEP\"; fi\n"
            + "exit \"${RI_STANDIN_EXIT:-0}\"\n";

    @TempDir
    Path tmp;

    private final CollectingBuildLog log = new CollectingBuildLog();
    private Path standInBin;
    private Path runDirectory;
    private Path workDir;

    @BeforeEach
    void placeStandIn() throws IOException {
        standInBin = Files.createDirectory(tmp.resolve("stand-in-bin"));
        Path script = standInBin.resolve("valgrind");
        Files.writeString(script, STAND_IN);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        runDirectory = tmp.resolve("target/rust-instruments/default");
        workDir = Files.createDirectory(tmp.resolve("work"));
    }

    static Path fixture(String name) {
        try {
            return Path.of(MemcheckProfilerTest.class.getResource("/memcheck/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private MemcheckProfiler profiler(List<Path> suppressionFiles, List<String> functions) {
        return new MemcheckProfiler(new ProcessRunner(log), log, "valgrind", suppressionFiles, functions);
    }

    private MemcheckProfiler profiler() {
        return profiler(List.of(), List.of());
    }

    private Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", standInBin + ":" + System.getenv("PATH"));
        env.put("RI_STANDIN_ARGS", tmp.resolve("args.txt").toString());
        env.put("RI_STANDIN_SEEN", tmp.resolve("seen.txt").toString());
        env.put("RI_STANDIN_PWD", tmp.resolve("pwd.txt").toString());
        env.put("RI_STANDIN_SUPP", tmp.resolve("supp-seen.supp").toString());
        env.put("RI_STANDIN_WRITE", fixture("rc-cycle.xml").toString());
        env.putAll(extra);
        return env;
    }

    private RecordingRequest request(Map<String, String> extra, Duration timeLimit) {
        return new RecordingRequest("leaks", List.of("/home/dev/target/memcheck", "arg one", "--flag"),
                environment(extra), workDir, timeLimit, runDirectory);
    }

    private static String shippedSuppressions() throws IOException {
        try (InputStream in = MemcheckProfiler.class.getResourceAsStream(MemcheckProfiler.STD_SUPPRESSIONS)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void recordsWithTheExactArgumentsAndReturnsTheXmlFile() throws IOException {
        Path mine = Files.writeString(tmp.resolve("mine.supp"), "# user suppressions\n");
        Path theirs = Files.writeString(tmp.resolve("theirs.supp"), "# more\n");
        MemcheckProfiler profiler = profiler(List.of(mine, theirs), List.of());

        Recording recording = profiler.record(request(Map.of("RI_STANDIN_EXIT", "3"), Duration.ofSeconds(30)));

        assertEquals(List.of("--tool=memcheck", "--leak-check=full", "--show-leak-kinds=all", "--num-callers=40",
                "--child-silent-after-fork=yes", "--xml=yes", "--xml-file=" + runDirectory.resolve("leaks.xml"),
                "--suppressions=" + runDirectory.resolve("rust-std.supp"), "--suppressions=" + mine,
                "--suppressions=" + theirs, "/home/dev/target/memcheck", "arg one", "--flag"),
                Files.readAllLines(tmp.resolve("args.txt")));
        assertEquals(runDirectory.resolve("leaks.xml"), recording.file());
        assertEquals(Files.readString(fixture("rc-cycle.xml")), Files.readString(recording.file()));
        assertEquals(3, recording.exitCode());
        assertFalse(recording.timedOut());
        assertEquals(List.of("stand-in stderr line"), recording.stderrTail());
        assertEquals(workDir.toRealPath().toString(), Files.readString(tmp.resolve("pwd.txt")).trim());
    }

    @Test
    void aPercentSignInThePathIsEscapedForValgrindsXmlFileOption() throws IOException {
        runDirectory = tmp.resolve("100%/target/rust-instruments/default");

        Recording recording = profiler().record(request(Map.of(), Duration.ofSeconds(30)));

        List<String> args = Files.readAllLines(tmp.resolve("args.txt"));
        assertTrue(args.contains("--xml-file=" + tmp.resolve("100%%/target/rust-instruments/default/leaks.xml")),
                args.toString());
        assertTrue(args.contains("--suppressions=" + runDirectory.resolve("rust-std.supp")), "taken literally");
        assertEquals(runDirectory.resolve("leaks.xml"), recording.file());
    }

    @Test
    void theShippedSuppressionsAreCopiedNextToTheRecordingForValgrindToRead() throws IOException {
        profiler().record(request(Map.of(), Duration.ofSeconds(30)));

        String shipped = shippedSuppressions();
        assertEquals(shipped, Files.readString(runDirectory.resolve("rust-std.supp")));
        assertEquals(shipped, Files.readString(tmp.resolve("supp-seen.supp")), "the file existed when valgrind ran");
    }

    @Test
    void theShippedSuppressionsNeverHideDefinitelyOrIndirectlyLostMemory() throws IOException {
        String shipped = shippedSuppressions();
        List<String> kinds = new ArrayList<>();
        int entries = 0;
        for (String line : shipped.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.equals("{")) {
                entries++;
            }
            if (trimmed.startsWith("match-leak-kinds:")) {
                kinds.add(trimmed.substring("match-leak-kinds:".length()).trim());
            }
            if (trimmed.startsWith("Memcheck:")) {
                assertEquals("Memcheck:Leak", trimmed, "only leak suppressions: " + line);
            }
        }
        assertTrue(entries >= 4, shipped);
        assertEquals(entries, kinds.size(), "every entry names its leak kinds");
        for (String kind : kinds) {
            for (String k : kind.split(",")) {
                assertTrue(k.trim().equals("reachable") || k.trim().equals("possible"), kind);
            }
        }
    }

    @Test
    void relativeUserSuppressionFilesArePassedAbsolute() throws IOException {
        Path absolute = Files.writeString(tmp.resolve("relative.supp"), "# relative\n");
        Path relative = Path.of("").toAbsolutePath().relativize(absolute);

        profiler(List.of(relative), List.of()).record(request(Map.of(), Duration.ofSeconds(30)));

        assertFalse(relative.isAbsolute());
        assertTrue(Files.readAllLines(tmp.resolve("args.txt")).contains("--suppressions=" + absolute),
                "valgrind runs in the program's working directory");
    }

    @Test
    void aMissingUserSuppressionFileFailsBeforeValgrindRuns() {
        Path missing = tmp.resolve("nowhere.supp");

        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> profiler(List.of(missing), List.of()).record(request(Map.of(), Duration.ofSeconds(30))));

        assertEquals(missing + ": the valgrind suppression file does not exist (see <suppressionFiles>)",
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("args.txt")), "valgrind must not have run");
    }

    @Test
    void logsBothStreamsAtInfoWithThePrefix() throws IOException {
        profiler().record(request(Map.of(), Duration.ofSeconds(30)));

        assertTrue(log.info().contains("[memcheck] stand-in stderr line"), log.info().toString());
        assertTrue(log.info().contains("[memcheck] stand-in stdout line"), log.info().toString());
        assertTrue(log.warn().isEmpty(), log.warn().toString());
    }

    @Test
    void deletesAStaleRecordingBeforeRecording() throws IOException {
        Files.createDirectories(runDirectory);
        Files.writeString(runDirectory.resolve("leaks.xml"), "stale xml from an earlier build");

        Recording recording = profiler().record(request(Map.of(), Duration.ofSeconds(30)));

        assertEquals("clean", Files.readString(tmp.resolve("seen.txt")).trim(),
                "the stand-in must not find the earlier recording");
        assertEquals(Files.readString(fixture("rc-cycle.xml")), Files.readString(recording.file()));
    }

    @Test
    void aStaleRecordingIsNotMistakenForANewOneWhenNoneIsWritten() throws IOException {
        Files.createDirectories(runDirectory);
        Files.writeString(runDirectory.resolve("leaks.xml"), "stale");

        Recording recording = profiler().record(request(Map.of("RI_STANDIN_WRITE", "", "RI_STANDIN_EXIT", "1"),
                Duration.ofSeconds(30)));

        assertNull(recording.file());
        assertEquals(1, recording.exitCode());
        assertFalse(Files.exists(runDirectory.resolve("leaks.xml")));
    }

    @Test
    void aTimeOutIsReportedNotThrown() throws IOException {
        long start = System.nanoTime();

        Recording recording = profiler().record(request(Map.of("RI_STANDIN_SLEEP", "300"), Duration.ofSeconds(1)));

        assertTrue(recording.timedOut());
        assertEquals(runDirectory.resolve("leaks.xml"), recording.file(), "what was written is kept");
        assertTrue(recording.exitCode() > 128, "killed by a signal: " + recording.exitCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20);
    }

    @Test
    void checkInstalledFailsWithTheInstallHintWhenThePathLacksValgrind() throws IOException {
        Path emptyBin = Files.createDirectory(tmp.resolve("empty-bin"));

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class,
                () -> profiler().checkInstalled(Map.of("PATH", emptyBin.toString())));

        assertEquals("valgrind not found on PATH; install it with `apt-get install valgrind` (Debian, Ubuntu),"
                + " `dnf install valgrind` (Fedora), or point <valgrindExecutable> at it", e.getMessage());
        assertEquals("valgrind", e.tool());
    }

    @Test
    void checkInstalledOfAMissingAbsolutePathDoesNotBlameThePath() {
        MemcheckProfiler configured = new MemcheckProfiler(new ProcessRunner(log), log, "/opt/ri-nowhere/valgrind",
                List.of(), List.of());

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class, () -> configured.checkInstalled(Map.of()));

        assertTrue(e.getMessage().startsWith("/opt/ri-nowhere/valgrind does not exist or is not executable"),
                e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install valgrind"), e.getMessage());
    }

    @Test
    void checkInstalledFindsTheStandInOnThePathOverride() {
        assertDoesNotThrow(() -> profiler().checkInstalled(Map.of("PATH", standInBin.toString())));
    }

    @Test
    void recordFailsWithTheInstallHintWhenValgrindIsMissing() throws IOException {
        Path emptyBin = Files.createDirectory(tmp.resolve("empty-bin"));
        Map<String, String> env = new LinkedHashMap<>(environment(Map.of()));
        env.put("PATH", emptyBin.toString());

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class, () -> profiler().record(
                new RecordingRequest("leaks", List.of("/t/memcheck"), env, workDir, Duration.ofSeconds(5),
                        runDirectory)));

        assertEquals("valgrind not found on PATH; " + MemcheckProfiler.INSTALL_HINT, e.getMessage());
    }

    @Test
    void analyseWithoutPatternsIsTheReadersProfile() throws IOException {
        Profile profile = profiler().analyse(fixture("leak-kinds.xml"));

        assertEquals(MemcheckXmlReader.read(fixture("leak-kinds.xml")), profile);
    }

    @Test
    void suppressedFunctionsDropTheirLossRecordsAndTheTotalsFollow() throws IOException {
        MemcheckProfiler profiler = profiler(List.of(), List.of("leak_kinds::forget_*", "*::keep_in_stati?"));

        Profile profile = profiler.analyse(fixture("leak-kinds.xml"));

        assertEquals(new LeakKindTotals(100, 1, 0, 0, 64, 1, 0, 0), profile.leaks().kinds());
        assertEquals(100L, profile.leakedBytes());
        assertEquals(1L, profile.leakedBlocks());
        assertEquals(1, profile.stacks().size());
        assertEquals(100L, profile.stacks().get(0).leakedBytes());
        assertTrue(log.info().contains("[memcheck] 2 loss records dropped: their stack matches suppressedFunctions"
                + " leak_kinds::forget_*, *::keep_in_stati?"), log.info().toString());
    }

    @Test
    void aPatternMatchesTheWholeNameOnly() throws IOException {
        Profile profile = profiler(List.of(), List.of("leak_kinds::forget")).analyse(fixture("leak-kinds.xml"));

        assertEquals(300L, profile.leakedBytes(), "leak_kinds::forget is not leak_kinds::forget_vec");
    }

    @Test
    void aPatternOfACycleDropsBothItsRecords() throws IOException {
        Profile profile = profiler(List.of(), List.of("rc_cycle::make_cycle")).analyse(fixture("rc-cycle.xml"));

        assertEquals(new LeakKindTotals(0, 0, 0, 0, 0, 0, 0, 0), profile.leaks().kinds());
        assertEquals(0L, profile.leakedBytes());
        assertEquals(List.of(), profile.stacks());
    }

    @Test
    void patternsDoNotDropMemoryErrors() throws IOException {
        Profile profile = profiler(List.of(), List.of("invalid_read::*")).analyse(fixture("invalid-read.xml"));

        assertEquals(2, profile.leaks().errors().size());
    }

    @Test
    void patternsAreMatchedAgainstDemangledNames() {
        MemcheckProfiler profiler = profiler(List.of(), List.of("mylib::cache::*"));
        List<Frame> legacy = List.of(new Frame("malloc", null, 0, null),
                new Frame("_ZN5mylib5cache4fill17h0123456789abcdefE", "src/cache.rs", 9, "prog"));
        List<Frame> other = List.of(new Frame("malloc", null, 0, null),
                new Frame("_ZN5mylib5other4fill17h0123456789abcdefE", "src/other.rs", 9, "prog"), new Frame(null,
                        null, 0, "prog"));

        assertTrue(profiler.isSuppressed(new LeakRecord(MemcheckXmlReader.DEFINITELY_LOST, 8, 1, legacy)));
        assertFalse(profiler.isSuppressed(new LeakRecord(MemcheckXmlReader.DEFINITELY_LOST, 8, 1, other)));
    }

    @Test
    void aBlankPatternIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> profiler(List.of(), List.of("mylib::*", " ")));

        assertTrue(e.getMessage().startsWith("empty function pattern in suppressedFunctions"), e.getMessage());
    }

    @Test
    void globQuotesEverythingButTheWildcards() {
        assertTrue(MemcheckProfiler.glob("<mylib::Cache as core::ops::Drop>::drop",
                "<mylib::Cache as core::ops::Drop>::drop"));
        assertTrue(MemcheckProfiler.glob("*Cache*", "mylib::Cache<T>::insert"));
        assertFalse(MemcheckProfiler.glob("mylib.cache", "mylibXcache"));
        assertTrue(MemcheckProfiler.glob("a?c", "abc"));
        assertFalse(MemcheckProfiler.glob("a?c", "ac"));
    }

    @ParameterizedTest
    @CsvSource({
        "mylib::cache::*, mylib::cache::fill, true",
        "mylib::cache::*, mylib::cache::, true",       // * matches nothing
        "mylib::cache::*, mylib::cache, false",
        "mylib::*::fill, mylib::a::b::fill, true",     // * crosses ::
        "mylib::?::fill, mylib::a::fill, true",
        "mylib::?::fill, mylib::ab::fill, false",
        "mylib::cache::*, MyLib::Cache::fill, false",  // case-sensitive
        "*, '', true",
        "'<*as core::ops::drop::Drop>::drop', '<mylib::Cache<T> as core::ops::drop::Drop>::drop', true",
        "'mylib::[a]', 'mylib::a', false",              // brackets are literal, not a class
        "'mylib::(.*)', 'mylib::x', false",
    })
    void globEdgeCases(String pattern, String name, boolean matches) {
        assertEquals(matches, MemcheckProfiler.glob(pattern, name));
    }

    @Test
    void aPatternMatchesTheWholeDemangledName() {
        MemcheckProfiler profiler = profiler(List.of(), List.of("mylib::cache"));
        List<Frame> deeper = List.of(new Frame("_ZN5mylib5cache4fill17h0123456789abcdefE", "src/cache.rs", 9,
                "prog"));

        assertFalse(profiler.isSuppressed(new LeakRecord(MemcheckXmlReader.DEFINITELY_LOST, 8, 1, deeper)));
    }

    @Test
    void idAndViewerCommand() {
        Path recording = Path.of("/home/dev/my project/target/rust-instruments/default/leaks.xml");

        assertEquals("memcheck", profiler().id());
        assertEquals("any XML viewer or editor, e.g. xdg-open '" + recording + "' (valgrind has no viewer of its own;"
                + " for its text report run the program under valgrind --leak-check=full --show-leak-kinds=all"
                + " without --xml=yes)", profiler().viewerCommand(recording));
    }
}
