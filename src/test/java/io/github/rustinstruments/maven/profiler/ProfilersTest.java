package io.github.rustinstruments.maven.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.process.CollectingBuildLog;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilersTest {
    private static final Platform LINUX = new Platform("linux", "x86_64");
    private static final Platform MAC = new Platform("macos", "aarch64");
    private static final ProcessRunner RUNNER = new ProcessRunner(BuildLog.SILENT);

    @TempDir
    Path tmp;
    /** A PATH holding stand-ins named heaptrack and valgrind (never run here: only their presence matters). */
    private Map<String, String> bothInstalled;
    private Map<String, String> onlyHeaptrack;
    private Map<String, String> nothingInstalled;

    @BeforeEach
    void standIns() throws IOException {
        bothInstalled = Map.of("PATH", dirWith("heaptrack", "valgrind").toString());
        onlyHeaptrack = Map.of("PATH", dirWith("heaptrack").toString());
        nothingInstalled = Map.of("PATH", dirWith().toString());
    }

    private Path dirWith(String... tools) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "bin");
        for (String tool : tools) {
            Path standIn = dir.resolve(tool);
            Files.writeString(standIn, "#!/bin/sh\n# stand-in for " + tool + "\nexit 0\n");
            Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }

    private static Profiler allocations(String name, Platform platform, Map<String, String> env) {
        return Profilers.forAllocations(name, platform, RUNNER, BuildLog.SILENT, new ProfilerOptions(), env);
    }

    private static Profiler leaks(String name, Platform platform, Map<String, String> env) {
        return Profilers.forLeaks(name, platform, RUNNER, BuildLog.SILENT, new ProfilerOptions(), env);
    }

    @Test
    void autoOnLinuxWithHeaptrackIsHeaptrack() {
        assertInstanceOf(HeaptrackProfiler.class, allocations("auto", LINUX, onlyHeaptrack));
        assertEquals("heaptrack", allocations(null, LINUX, onlyHeaptrack).id());
    }

    @Test
    void autoWithoutAProfilerCountsInProcessAndSaysSo() {
        CollectingBuildLog log = new CollectingBuildLog();
        Profiler profiler = Profilers.forAllocations("auto", LINUX, RUNNER, log, new ProfilerOptions(),
                nothingInstalled);

        assertEquals("stats", profiler.id());
        assertTrue(log.info().stream().anyMatch(line -> line.contains("heaptrack is not installed")
                && line.contains("profiler=stats")), log.info().toString());
    }

    @Test
    void autoOnMacUsesInstrumentsAndLeaksWhenXcodeIsThere() throws IOException {
        Path bin = dirWith("leaks");
        Path xcrun = bin.resolve("xcrun");
        // stand-in for xcrun with full Xcode: `xcrun --find xctrace` succeeds
        Files.writeString(xcrun, "#!/bin/sh\n# stand-in for xcrun\necho /Applications/Xcode.app/xctrace\nexit 0\n");
        Files.setPosixFilePermissions(xcrun, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> mac = Map.of("PATH", bin.toString());

        assertEquals("xctrace", allocations("auto", MAC, mac).id());
        assertEquals("macos-leaks", leaks("auto", MAC, mac).id());
    }

    @Test
    void autoOnMacWithoutXcodeCountsInProcess() {
        assertEquals("stats", allocations("auto", MAC, bothInstalled).id());
        assertEquals("stats", leaks("auto", MAC, bothInstalled).id());
    }

    @Test
    void namesAreCaseAndSpaceInsensitive() {
        assertEquals("heaptrack", allocations(" HeapTrack ", LINUX, nothingInstalled).id());
        assertEquals("stats", allocations(" STATS", LINUX, bothInstalled).id());
        assertEquals("memcheck", leaks("Valgrind", LINUX, nothingInstalled).id());
    }

    @Test
    void leaksAutoPrefersMemcheckThenHeaptrackThenStats() {
        assertEquals("memcheck", leaks("auto", LINUX, bothInstalled).id());
        assertEquals("heaptrack", leaks("auto", LINUX, onlyHeaptrack).id());
        assertEquals("stats", leaks("auto", LINUX, nothingInstalled).id());
    }

    @Test
    void unknownNameListsTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> allocations("valgrind", LINUX, bothInstalled));
        assertEquals("unknown profiler 'valgrind': choose one of auto, heaptrack, xctrace, stats", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> leaks("dhat", LINUX, bothInstalled));
        assertEquals("unknown profiler 'dhat': choose one of auto, memcheck, heaptrack, macos-leaks, stats",
                e.getMessage());
    }

    @Test
    void theConfiguredHeaptrackExecutableIsUsed() {
        Profiler profiler = Profilers.forAllocations("heaptrack", LINUX, RUNNER, BuildLog.SILENT,
                new ProfilerOptions().executable(ProfilerOptions.Tool.HEAPTRACK, "/opt/ri-nowhere/heaptrack"), Map.of());

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class, () -> profiler.checkInstalled(Map.of()));

        assertTrue(e.getMessage().startsWith("/opt/ri-nowhere/heaptrack "), e.getMessage());
    }
}
