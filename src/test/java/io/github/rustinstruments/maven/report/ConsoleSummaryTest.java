package io.github.rustinstruments.maven.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.process.CollectingBuildLog;
import io.github.rustinstruments.maven.summary.Summary;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleSummaryTest {
    private static final Path SUMMARY = Path.of("/p/target/rust-instruments/default/allocations.json");
    private static final Path RECORDING = Path.of("/p/target/rust-instruments/default/allocations.zst");

    private final CollectingBuildLog log = new CollectingBuildLog();

    private static Summary.Site site(String function, String file, Integer line, boolean user, long bytes) {
        return new Summary.Site(function, file, line, user, 15, bytes, 1434, 100, List.of(function));
    }

    private static Summary summary(List<Summary.Site> sites) {
        return new Summary(1, "default", "allocations", "heaptrack", "linux-x86_64", List.of("/t/memcheck"), 0, 1234L,
                "allocations.zst", new Summary.Totals(1234567L, 1536L * 1024, 42L, 74658611L, null, 1536L, 3L), null,
                sites);
    }

    @Test
    void printsTotalsThenTheUserSitesWithFileAndLine() {
        ConsoleSummary.print(log, summary(List.of(
                site("std::rt::lang_start", "library/std/src/rt.rs", 199, false, 9000),
                site("mylib::parse", "src/lib.rs", 42, true, 4000),
                site("mylib::build", "src/lib.rs", null, true, 2000),
                site("mylib::make", null, null, true, 1000))),
                10, SUMMARY, RECORDING, "heaptrack_gui " + RECORDING);

        assertEquals(List.of(
                "",
                "Memory of run 'default' (heaptrack, exit status 0, 1.2 s):",
                "  calls to allocation functions  1,234,567",
                "  total allocated                1.5 MiB",
                "  temporary allocations          42",
                "  peak heap                      71.2 MiB",
                "  peak RSS                       n/a",
                "  leaked                         1.5 KiB in 3 blocks",
                "Top allocation sites in your code:",
                "   1. mylib::parse (src/lib.rs:42)",
                "      15 allocations, 3.9 KiB allocated, 1.4 KiB at peak, 100 B leaked",
                "   2. mylib::build (src/lib.rs)",
                "      15 allocations, 2.0 KiB allocated, 1.4 KiB at peak, 100 B leaked",
                "   3. mylib::make",
                "      15 allocations, 1000 B allocated, 1.4 KiB at peak, 100 B leaked",
                "Summary:   " + SUMMARY,
                "Recording: " + RECORDING,
                "Open it with: heaptrack_gui " + RECORDING), log.info());
    }

    @Test
    void showsAtMostTheRequestedNumberOfUserSites() {
        ConsoleSummary.print(log, summary(List.of(site("mylib::a", "src/lib.rs", 1, true, 3),
                site("mylib::b", "src/lib.rs", 2, true, 2), site("mylib::c", "src/lib.rs", 3, true, 1))),
                2, SUMMARY, null, null);

        assertTrue(log.info().contains("   2. mylib::b (src/lib.rs:2)"), log.info().toString());
        assertFalse(log.info().stream().anyMatch(line -> line.contains("mylib::c")), log.info().toString());
    }

    @Test
    void saysSoWhenNoUserCodeAllocatedAndNamesTheLargestSiteElsewhere() {
        ConsoleSummary.print(log, summary(List.of(site("std::rt::lang_start", "library/std/src/rt.rs", 199, false,
                9000), site("malloc", null, null, false, 10))), 10, SUMMARY, RECORDING, "heaptrack_gui x");

        assertTrue(log.info().contains("No allocation was made from your crates' own code; the largest site"
                + " elsewhere is std::rt::lang_start."), log.info().toString());
        assertFalse(log.info().contains("Top allocation sites in your code:"));
    }

    @Test
    void saysSoWhenThereAreNoSitesAtAll() {
        ConsoleSummary.print(log, summary(List.of()), 10, SUMMARY, null, null);

        assertTrue(log.info().contains("No allocation was made from your crates' own code."), log.info().toString());
    }

    @Test
    void withoutARecordingThereIsNoViewerLine() {
        ConsoleSummary.print(log, summary(List.of()), 10, SUMMARY, null, "unused");

        assertEquals("Summary:   " + SUMMARY, log.info().get(log.info().size() - 1));
        assertFalse(log.info().stream().anyMatch(line -> line.startsWith("Open it with")));
    }

    @Test
    void unknownExitStatusAndFiguresAreNotApplicable() {
        Summary unknown = new Summary(1, "parse-big", "allocations", "heaptrack", "linux-x86_64", List.of("x"), null,
                850L, null, new Summary.Totals(null, null, null, null, null, null, null), null, List.of());

        ConsoleSummary.print(log, unknown, 10, SUMMARY, null, null);

        assertTrue(log.info().contains("Memory of run 'parse-big' (heaptrack, exit status unknown, 850 ms):"),
                log.info().toString());
        assertTrue(log.info().contains("  leaked                         n/a in n/a blocks"), log.info().toString());
        assertTrue(log.info().contains("  peak heap                      n/a"), log.info().toString());
    }
}
