package io.github.rustinstruments.maven.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.trace.Profile;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SummaryFactoryTest {

    @Test
    void allocationsSummaryCarriesTheProfileTotalsAndTheRecordingsFileName() {
        Profile profile = new Profile("memcheck", 120L, 65536L, 7L, 32768L, null, 544L, 2L, 1100L, List.of());
        List<Summary.Site> sites = IntStream.range(0, 60).mapToObj(i -> new Summary.Site("mylib::f" + i, null, null,
                true, 1, 60 - i, 0, 0, List.of())).toList();

        Summary summary = SummaryFactory.allocations("default", "heaptrack", "linux-x86_64",
                List.of("/t/memcheck", "arg"), 3, 1234L, "allocations.zst", profile, sites);

        assertEquals(1, summary.schemaVersion());
        assertEquals("allocations", summary.kind());
        assertEquals("allocations.zst", summary.recording());
        assertEquals(3, summary.exitCode());
        assertEquals(1234L, summary.durationMillis());
        assertEquals(new Summary.Totals(120L, 65536L, 7L, 32768L, null, 544L, 2L), summary.totals());
        assertNull(summary.leakKinds(), "heaptrack does not classify leaks");
        assertEquals(SummaryFactory.SITES_IN_SUMMARY, summary.topSites().size());
        assertEquals("mylib::f0", summary.topSites().get(0).function());
    }

    @Test
    void noRecordingFileMeansNullRecording() {
        Profile profile = new Profile(null, 0L, 0L, 0L, 0L, null, 0L, 0L, null, List.of());

        Summary summary = SummaryFactory.allocations("default", "heaptrack", "linux-x86_64", List.of("/t/memcheck"),
                0, 5L, null, profile, List.of());

        assertNull(summary.recording());
    }
}
