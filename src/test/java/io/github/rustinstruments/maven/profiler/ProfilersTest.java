package io.github.rustinstruments.maven.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfilersTest {
    private static final Platform LINUX = new Platform("linux", "x86_64");
    private static final Platform MAC = new Platform("macos", "aarch64");
    private static final ProcessRunner RUNNER = new ProcessRunner(BuildLog.SILENT);

    private static Profiler choose(String name, Platform platform) {
        return Profilers.forAllocations(name, platform, RUNNER, BuildLog.SILENT, "heaptrack");
    }

    @Test
    void autoOnLinuxIsHeaptrack() {
        assertInstanceOf(HeaptrackProfiler.class, choose("auto", LINUX));
        assertEquals("heaptrack", choose("auto", LINUX).id());
    }

    @Test
    void noNameMeansAuto() {
        assertEquals("heaptrack", choose(null, LINUX).id());
    }

    @Test
    void namesAreCaseAndSpaceInsensitive() {
        assertEquals("heaptrack", choose(" HeapTrack ", LINUX).id());
        assertEquals("heaptrack", choose(" AUTO", LINUX).id());
    }

    @Test
    void autoOnMacIsNotYetSupported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> choose("auto", MAC));

        assertTrue(e.getMessage().contains("not yet supported"), e.getMessage());
        assertTrue(e.getMessage().contains("heaptrack"), "says what to use instead: " + e.getMessage());
    }

    @Test
    void autoOnAnotherSystemNamesIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> choose("auto", new Platform("windows", "x86_64")));

        assertEquals("no memory profiler is supported on windows-x86_64 yet; run on Linux with heaptrack",
                e.getMessage());
    }

    @Test
    void unknownNameListsTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> choose("valgrind", LINUX));

        assertEquals("unknown profiler 'valgrind': choose one of auto, heaptrack", e.getMessage());
    }

    @Test
    void theConfiguredHeaptrackExecutableIsUsed() {
        Profiler profiler = Profilers.forAllocations("heaptrack", LINUX, RUNNER, BuildLog.SILENT,
                "/opt/ri-nowhere/heaptrack");

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class, () -> profiler.checkInstalled(Map.of()));

        assertTrue(e.getMessage().startsWith("/opt/ri-nowhere/heaptrack "), e.getMessage());
    }
}
