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

    // ---- JVM mode, per test

    private static Summary.Site libSite(String function, int line, long leaked, String java) {
        return new Summary.Site(function, "src/lib.rs", line, true, 10L, 4096L + leaked, 4096L, leaked,
                List.of(function + " (src/lib.rs:" + line + ")"), java);
    }

    private static Summary.TestEntry test(String name, long allocated, long leaked, long blocks,
            Summary.Site... sites) {
        return new Summary.TestEntry(name, 10, allocated, allocated, leaked, blocks, List.of(sites));
    }

    private static Summary jvm(List<Summary.TestEntry> tests) {
        return new Summary(1, "jvm", "allocations", "heaptrack-jvm", "linux-x86_64", null, 0, 4200L, "jvm-41.zst",
                new Summary.Totals(200L, 500_000L, 0L, 409_600L, null, 409_664L, 101L), null, List.of())
                .inJvm(List.of("libleaky_jni.so"), List.of(new Summary.Fork(41, "jvm-41.zst", 0)),
                        new Summary.Totals(9000L, 9_000_000L, null, 900_000L, 50_000_000L, 30_000L, 50L))
                .withTests(tests);
    }

    private List<String> testLines() {
        List<String> lines = log.info();
        int from = 0;
        while (from < lines.size() && !lines.get(from).startsWith("No allocation was made")) {
            from++;
        }
        int to = lines.size() - 1;
        while (to > 0 && !lines.get(to).startsWith("Summary:")) {
            to--;
        }
        return lines.subList(from + 1, to);
    }

    @Test
    void listsTheTestsThatLeakedWithTheirTopLeakingSiteAndItsJavaEntryPoint() {
        ConsoleSummary.print(log, jvm(List.of(
                test("com.example.CodecTest#leaksOnError", 409_600, 409_600, 100,
                        libSite("leaky_jni::leak_blocks", 31, 409_600, "com.example.Codec.leakBlocks")),
                test(Summary.OUTSIDE_TESTS, 64, 64, 1, libSite("leaky_jni::init", 5, 64, null)),
                test("com.example.CodecTest#params[2]", 8_000, 0, 0, libSite("leaky_jni::churn", 12, 0,
                        "com.example.Codec.churn")),
                test(Summary.OVERLAPPING_TESTS, 2_048, 0, 0))), 10, SUMMARY, RECORDING, "heaptrack_gui x");

        assertEquals(List.of(
                "Tests that leaked (library memory still live at exit):",
                "   1. com.example.CodecTest#leaksOnError: 400.0 KiB in 100 blocks",
                "      at leaky_jni::leak_blocks (src/lib.rs:31), called from Java: com.example.Codec.leakBlocks",
                "  1 test of 2 that made library allocations leaked.",
                "  (outside tests): 10 allocations, 64 B allocated, 64 B leaked in 1 block (made while no test ran:"
                        + " class set-up, static initialisers, the library's loading)",
                "  (overlapping tests): 10 allocations, 2.0 KiB allocated, 0 B leaked (tests ran in parallel: the"
                        + " recording cannot tell which of them made these)"), testLines());
    }

    @Test
    void listsAtMostTenLeakingTestsLargestFirstAndCountsTheRest() {
        List<Summary.TestEntry> tests = new java.util.ArrayList<>();
        for (int i = 1; i <= 13; i++) {
            tests.add(test("a.T#t" + i, 100, i * 10L, 1, libSite("leaky_jni::f", i, i * 10L, null)));
        }

        ConsoleSummary.print(log, jvm(tests), 10, SUMMARY, null, null);

        List<String> lines = testLines();
        assertEquals("   1. a.T#t13: 130 B in 1 block", lines.get(1));
        assertEquals("      at leaky_jni::f (src/lib.rs:13)", lines.get(2), "no Java entry point known");
        assertEquals("  10. a.T#t4: 40 B in 1 block", lines.get(19));
        assertEquals("  ... and 3 more (the summary and the report list every test)", lines.get(21));
        assertEquals("  13 tests of 13 that made library allocations leaked.", lines.get(22));
        assertEquals(23, lines.size(), lines.toString());
    }

    @Test
    void saysSoWhenNoTestLeakedWithTheNumberOfTestsMeasured() {
        ConsoleSummary.print(log, jvm(List.of(test("a.T#one", 100, 0, 0), test("a.T#two", 50, 0, 0))), 10, SUMMARY,
                null, null);

        assertEquals(List.of("No test leaked library memory (2 tests made library allocations; tests that made none"
                + " are not listed)."), testLines());
    }

    @Test
    void aRunWithoutPerTestFiguresSaysNothingAboutTests() {
        ConsoleSummary.print(log, jvm(null), 10, SUMMARY, null, null);

        assertEquals(List.of(), testLines());
    }
}
