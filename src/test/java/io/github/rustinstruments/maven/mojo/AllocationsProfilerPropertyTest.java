package io.github.rustinstruments.maven.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.process.CollectingBuildLog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** allocations' profiler: rust-instruments.allocations.profiler, the old rust-instruments.profiler still read. */
class AllocationsProfilerPropertyTest {
    private final CollectingBuildLog log = new CollectingBuildLog();

    @Test
    void theParameterWinsAndNothingIsSaid() {
        assertEquals("stats", AllocationsMojo.profilerName("stats", "heaptrack", log));
        assertEquals(List.of(), log.warn());
    }

    @Test
    void theDeprecatedPropertyStillWorksWithAWarningNamingTheNewOne() {
        assertEquals("xctrace", AllocationsMojo.profilerName(null, "xctrace", log));
        assertTrue(log.warn().get(0).startsWith("-Drust-instruments.profiler is deprecated: use"
                + " -Drust-instruments.allocations.profiler=xctrace"), log.warn().toString());
    }

    @Test
    void unsetIsAuto() {
        assertEquals("auto", AllocationsMojo.profilerName(null, null, log));
        assertEquals("auto", AllocationsMojo.profilerName(" ", "", log));
        assertEquals(List.of(), log.warn());
    }
}
