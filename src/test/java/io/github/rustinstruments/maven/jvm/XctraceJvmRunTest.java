package io.github.rustinstruments.maven.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.analysis.LibraryScope;
import io.github.rustinstruments.maven.process.CollectingBuildLog;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.profiler.XctraceProfiler;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.JavaFrames;
import io.github.rustinstruments.maven.trace.PerfMap;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.RecordingFormatException;
import io.github.rustinstruments.maven.trace.StackCost;
import io.github.rustinstruments.maven.trace.TestCosts;
import io.github.rustinstruments.maven.trace.TestMarkers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JVM mode on macOS runs, acted out on Linux: a run directory laid out as {@code prepare-jvm}'s xctrace launcher
 * leaves it ({@code prepare-jvm.json}, {@code jvm-<n>.trace}, the ending {@code jvm-<pid>.json}), read by
 * {@link JvmRunProfiler#forRun} through {@link XctraceJvmForkReader}, which exports the trace with a STAND-IN
 * {@code xcrun} (first on the PATH of the goal's environment; it copies the hand-written exports of
 * {@code src/test/resources/xctrace/jvm-*} to {@code --output} and logs its arguments). No macOS tool runs here.
 */
class XctraceJvmRunTest {
    private static final Path FIXTURES = Path.of("src/test/resources/xctrace").toAbsolutePath();
    private static final String LIBRARY = "libleaky_jni.dylib";
    private static final String XPATH = "/trace-toc/run[@number=\"1\"]/tracks/track[@name=\"Allocations\"]"
            + "/details/detail[@name=\"%s\"]";
    private static final String XCRUN_STAND_IN = """
            #!/bin/sh
            # STAND-IN for xcrun/xctrace, written by XctraceJvmRunTest: it exports copies of hand-written files.
            printf '%s\\n' "$*" >> '@LOG@'
            if [ "$1" = --find ]; then echo /Applications/Xcode.app/Contents/Developer/usr/bin/xctrace; exit 0; fi
            [ "$1" = xctrace ] && [ "$2" = export ] || { echo "stand-in xcrun: unexpected $*" >&2; exit 64; }
            shift 2
            out=; xpath=; toc=
            while [ $# -gt 0 ]; do
              case "$1" in
                --output) out=$2; shift 2;;
                --xpath) xpath=$2; shift 2;;
                --toc) toc=1; shift;;
                *) shift;;
              esac
            done
            if [ -n "$toc" ]; then cp '@TOC@' "$out"; exit 0; fi
            case "$xpath" in
              *'"Statistics"]') cp '@FIXTURES@/jvm-allocations-statistics.xml' "$out";;
              *'"Allocations List"]') cp '@FIXTURES@/jvm-allocations-list.xml' "$out";;
              *) echo "[Error] the stand-in exports no $xpath" >&2; exit 1;;
            esac
            """;

    @TempDir
    Path tmp;
    private Path run;
    private Path calls;
    private Map<String, String> environment;
    private final CollectingBuildLog log = new CollectingBuildLog();

    @BeforeEach
    void runDirectory() throws IOException {
        run = Files.createDirectories(tmp.resolve("target/rust-instruments/jvm"));
        calls = tmp.resolve("calls.log");
        standIn(FIXTURES.resolve("jvm-toc.xml"));
        environment = Map.of("PATH", tmp.resolve("bin") + ":" + System.getenv("PATH"));
        Files.writeString(run.resolve(JvmRunDirectory.PREPARED), """
                {"profiler": "xctrace", "library": "/work/native/libleaky_jni.dylib", "module": "libleaky_jni.dylib"}
                """);
    }

    @Test
    void anXctracePreparedRunIsReadAsXctraceJvmThroughTheExportedAllocationsList() throws IOException {
        fork(4100, 48377, null);
        Files.copy(FIXTURES.resolve("jvm-markers.tests"), run.resolve("jvm-48377.tests"));
        JvmRunProfiler backend = backend();

        JvmRunProfiler.JvmProfile jvm = backend.analyseRun(run);

        assertEquals("xctrace-jvm", backend.id());
        assertTrue(Summary.PROFILERS.contains(backend.id()));
        // xctrace is found first, then the TOC and the details it lists are exported beside the trace
        Path trace = run.resolve("jvm-4100.trace");
        assertEquals(List.of("--find xctrace",
                "xctrace export --input " + trace + " --toc --output " + run.resolve("jvm-4100-toc.xml"),
                "xctrace export --input " + trace + " --xpath " + XPATH.formatted("Statistics") + " --output "
                        + run.resolve("jvm-4100-statistics.xml"),
                "xctrace export --input " + trace + " --xpath " + XPATH.formatted("Allocations List") + " --output "
                        + run.resolve("jvm-4100-allocations-list.xml")), Files.readAllLines(calls));

        // the library's rows; what an Allocations List cannot give is null, not 0
        Profile library = jvm.library();
        assertEquals(List.of(6L, 12_736L, 12_352L, 4L), List.of(library.allocations(), library.allocatedBytes(),
                library.leakedBytes(), library.leakedBlocks()));
        assertNull(library.temporaryAllocations());
        assertNull(library.peakHeapBytes());
        assertNull(library.peakRssBytes());
        assertNull(library.peakTimeMillis());
        assertEquals(3_511L, library.durationMillis(), "from the table of contents");
        assertEquals(List.of(
                List.of(new Frame("leaky_jni::init::h2f4e6a8c0b1d3e5f", null, 0, LIBRARY)),
                List.of(new Frame("Java_com_example_Codec_leakBlocks", null, 0, LIBRARY),
                        JavaFrames.of("com.example.Codec.leakBlocks")),
                List.of(new Frame("Java_com_example_Codec_churn", null, 0, LIBRARY),
                        JavaFrames.of("com.example.Codec.churn")),
                List.of(new Frame("alloc::raw_vec::finish_grow::h8e1f2a3b4c5d6e7f", null, 0, LIBRARY))),
                library.stacks().stream().map(StackCost::frames).toList(),
                "a Java frame only where the responsible caller is a JNI method");
        // the whole process, the markers left out
        assertEquals(new Summary.Totals(10L, 319_264L, null, null, null, 12_384L, 5L), jvm.process());
        assertEquals(List.of(new Summary.Fork(48377, "jvm-4100.trace", 0)), jvm.forks());
        assertEquals(LIBRARY, jvm.module());
        assertEquals(0, jvm.worstExitCode());
        assertTrue(log.warn().isEmpty(), log.warn().toString());
    }

    @Test
    void theForkReaderGivesEachTestItsOwnFiguresFromTheMarkers() throws IOException {
        JvmForks.Fork fork = fork(4100, 48377, null);
        Files.copy(FIXTURES.resolve("jvm-markers.tests"), run.resolve("jvm-48377.tests"));
        JvmForks.Fork found = JvmForks.read(run).forks().get(0);
        assertEquals(run.resolve("jvm-48377.tests"), found.testMarkers(), "the listener's file, by the JVM's pid");
        XctraceJvmForkReader reader = new XctraceJvmForkReader(xctrace(), environment);

        Profile profile = reader.read(fork, LibraryScope.of(List.of(LIBRARY)), TestMarkers.read(found.testMarkers()));

        assertEquals(List.of(Summary.OUTSIDE_TESTS, "com.example.CodecTest#leaks", "com.example.CodecTest#churns"),
                profile.tests().stream().map(TestCosts::test).toList());
        assertEquals(List.of(2L, 2L, 2L), profile.tests().stream().map(TestCosts::allocations).toList());
        assertEquals(List.of(4_160L, 8_192L, 0L), profile.tests().stream().map(TestCosts::leakedBytes).toList());
        assertTrue(profile.tests().stream().allMatch(t -> t.peakBytes() == null));
        assertNull(reader.read(fork, LibraryScope.of(List.of(LIBRARY)), null).tests(), "without markers");
    }

    @Test
    void exportsMadeSinceTheTraceWasWrittenAreReadAsTheyAre() throws IOException {
        fork(4100, 48377, null);
        Path trace = run.resolve("jvm-4100.trace");
        Files.setLastModifiedTime(trace, FileTime.from(Instant.parse("2024-06-11T08:02:45Z")));
        for (String[] export : new String[][] {{"jvm-toc.xml", "toc"}, {"jvm-allocations-statistics.xml",
                "statistics"}, {"jvm-allocations-list.xml", "allocations-list"}}) {
            Files.copy(FIXTURES.resolve(export[0]), run.resolve("jvm-4100-" + export[1] + ".xml"),
                    StandardCopyOption.REPLACE_EXISTING);
        }

        JvmRunProfiler.JvmProfile jvm = backend().analyseRun(run);

        assertEquals(List.of("--find xctrace"), Files.readAllLines(calls), "nothing exported again");
        assertEquals(14L, jvm.process().allocations(), "no markers file: the marker-sized rows are ordinary");
    }

    @Test
    void severalJvmsAddUpAndTheirPeakStaysUnknown() throws IOException {
        fork(4100, 48377, null);
        fork(4200, 48466, null);

        JvmRunProfiler.JvmProfile jvm = backend().analyseRun(run);

        assertEquals(List.of(48377L, 48466L), jvm.forks().stream().map(Summary.Fork::pid).toList());
        assertEquals(12L, jvm.library().allocations());
        assertEquals(24_704L, jvm.library().leakedBytes());
        assertNull(jvm.library().peakHeapBytes());
        assertNull(jvm.library().temporaryAllocations());
        assertEquals(28L, jvm.process().allocations());
        assertNull(jvm.process().peakHeapBytes());
    }

    @Test
    void aTraceWithoutAnAllocationsListIsRefusedWithItsTracks() throws IOException {
        Path statisticsOnly = tmp.resolve("toc.xml");
        Files.writeString(statisticsOnly, Files.readString(FIXTURES.resolve("jvm-toc.xml"))
                .replace("<detail name=\"Allocations List\" kind=\"table\"/>", ""));
        standIn(statisticsOnly);
        fork(4100, 48377, null);

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> backend().analyseRun(run));

        assertTrue(e.getMessage().contains("jvm-4100.trace, the recording of test JVM 48377, has no Allocations List"
                + " (template Allocations, tracks [Allocations])"), e.getMessage());
    }

    @Test
    void aRecordingThatIsNoTraceIsRefused() throws IOException {
        fork(4100, 48377, null);
        Files.delete(run.resolve("jvm-4100.trace/stand-in.txt"));
        Files.delete(run.resolve("jvm-4100.trace"));
        Files.writeString(run.resolve("jvm-4100.trace"), "not a bundle");

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> backend().analyseRun(run));

        assertTrue(e.getMessage().contains("is not an Instruments trace (a .trace directory)"), e.getMessage());
    }

    @Test
    void theMarkersFileIsTheOneTheEndingNamesElseTheListenersByPid() throws IOException {
        Files.writeString(run.resolve("jvm-48377.tests"), TestMarkers.HEADER + "\n");
        fork(4100, 48377, null);
        assertEquals(run.resolve("jvm-48377.tests"), JvmForks.read(run).forks().get(0).testMarkers());

        fork(4100, 48377, "\"tests\":\"jvm-4100.tests\",");
        assertEquals(run.resolve("jvm-4100.tests"), JvmForks.read(run).forks().get(0).testMarkers());

        fork(4100, 48377, "\"tests\":null,");
        assertNull(JvmForks.read(run).forks().get(0).testMarkers(), "the launcher said there is none");

        Files.delete(run.resolve("jvm-48377.tests"));
        fork(4100, 48377, null);
        assertNull(JvmForks.read(run).forks().get(0).testMarkers());
    }

    @Test
    void theBackendFollowsWhatPrepareJvmPrepared() throws IOException {
        assertEquals("xctrace", JvmForks.preparedProfiler(run));
        Files.writeString(run.resolve(JvmRunDirectory.PREPARED), "{\"profiler\": \"heaptrack\"}");
        assertEquals("heaptrack-jvm", backend().id());
        Files.delete(run.resolve(JvmRunDirectory.PREPARED));
        assertNull(JvmForks.preparedProfiler(run));
        JvmRunProfiler unprepared = backend();
        assertEquals("heaptrack-jvm", unprepared.id());
        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> unprepared.analyseRun(run));
        assertTrue(e.getMessage().contains("no test JVM was prepared"), e.getMessage());
    }

    @Test
    void oneFrameStacksGetNoMadeUpJavaEntryPoint() {
        JvmRunProfiler backend = backend();
        LibraryScope scope = LibraryScope.of(List.of(LIBRARY));
        Frame init = new Frame("leaky_jni::init", null, 0, LIBRARY);
        StackCost read = new StackCost(List.of(init), 1, 64, 0, 0, 64, 1, true, 0, false);

        assertEquals(List.of(init), backend.libraryStack(read, scope, PerfMap.empty()).frames());
        // heaptrack's whole stacks name the library's outermost frame when nothing else is known
        assertEquals(List.of(init, JavaFrames.of("leaky_jni::init")),
                new JvmRunProfiler(log).libraryStack(read, scope, PerfMap.empty()).frames());
        assertTrue(backend.viewerCommand(run).startsWith("open '" + run.resolve("jvm-<n>.trace") + "'"),
                backend.viewerCommand(run));
    }

    @Test
    void aClearedRunDirectoryLosesTheExportsToo() throws IOException {
        fork(4100, 48377, null);
        for (String name : List.of("jvm-4100-toc.xml", "jvm-4100-statistics.xml", "jvm-4100-allocations-list.xml")) {
            Files.writeString(run.resolve(name), "<x/>");
        }
        JvmRunDirectory.clear(run);
        try (var left = Files.list(run)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    // ---- helpers

    private JvmRunProfiler backend() {
        return JvmRunProfiler.forRun(run, log, new ProcessRunner(log), "xcrun", environment);
    }

    private XctraceProfiler xctrace() {
        return new XctraceProfiler(new ProcessRunner(log), log, "xcrun", "Allocations", false, "codesign");
    }

    /** A fork as the macOS launcher leaves it: its trace bundle and its ending, named by the launcher's pid. */
    private JvmForks.Fork fork(long launcherPid, long pid, String extraFields) throws IOException {
        Path trace = Files.createDirectories(run.resolve("jvm-" + launcherPid + ".trace"));
        Files.writeString(trace.resolve("stand-in.txt"), "a trace bundle");
        Files.writeString(run.resolve("jvm-" + launcherPid + ".json"), "{\"pid\":" + pid + ",\"exitCode\":0,"
                + "\"signal\":null,\"recording\":\"jvm-" + launcherPid + ".trace\",\"perfMap\":null,"
                + (extraFields == null ? "" : extraFields) + "\"launcherPid\":" + launcherPid + ",\"recorder\":"
                + "\"xctrace\",\"recorderExit\":54,\"recorded\":true,\"java\":\"/jdk/bin/java\"}\n");
        JvmForks.Fork fork = JvmForks.read(run).forks().stream().filter(f -> f.pid() == pid).findFirst()
                .orElseThrow();
        assertNotNull(fork);
        return fork;
    }

    private void standIn(Path toc) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path xcrun = bin.resolve("xcrun");
        Files.writeString(xcrun, XCRUN_STAND_IN.replace("@LOG@", calls.toString())
                .replace("@FIXTURES@", FIXTURES.toString()).replace("@TOC@", toc.toString()));
        Files.setPosixFilePermissions(xcrun, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
