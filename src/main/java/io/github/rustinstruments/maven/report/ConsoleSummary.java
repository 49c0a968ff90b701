package io.github.rustinstruments.maven.report;

import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.summary.Units;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The short summary printed after a recording: totals, then the top sites in the user's code, then (JVM mode with a
 * per-test split) the tests that leaked.
 */
public final class ConsoleSummary {
    /** How many leaking tests are listed; the rest are counted. */
    public static final int LEAKING_TESTS_SHOWN = 10;

    private ConsoleSummary() {}

    public static void print(BuildLog log, Summary summary, int topSites, Path summaryFile, Path recording,
            String viewerCommand) {
        print(log, summary, null, topSites, summaryFile, recording, viewerCommand);
    }

    /** @param module the module to name in the heading (a build of several modules), or {@code null} */
    public static void print(BuildLog log, Summary summary, String module, int topSites, Path summaryFile,
            Path recording, String viewerCommand) {
        Summary.Totals totals = summary.totals();
        log.info("");
        log.info(String.format(Locale.ROOT, "Memory of run '%s'%s (%s, %s, %s):", summary.run(),
                module == null ? "" : " of module " + module, summary.profiler(),
                ending(summary),
                Units.millis(summary.durationMillis())));
        line(log, "calls to allocation functions", Units.count(totals.allocations()));
        line(log, "total allocated", Units.bytes(totals.allocatedBytes()));
        line(log, "temporary allocations", Units.count(totals.temporaryAllocations()));
        line(log, "peak heap", Units.bytes(totals.peakHeapBytes()));
        line(log, "peak RSS", Units.bytes(totals.peakRssBytes()));
        line(log, "leaked", Units.bytes(totals.leakedBytes()) + " in " + Units.count(totals.leakedBlocks())
                + " blocks");
        if (summary.scope() != null) {
            Summary.Totals process = summary.process();
            log.info("  (the library's own: " + String.join(", ", summary.modules()) + ", in "
                    + (summary.forks() == null ? 0 : summary.forks().size()) + " test JVM(s); the whole processes"
                    + (process == null ? "" : " allocated " + Units.bytes(process.allocatedBytes()) + " and leaked "
                    + Units.bytes(process.leakedBytes())) + ")");
        }
        Summary.LeakKinds kinds = summary.leakKinds();
        if (kinds != null) {
            line(log, "definitely lost", Units.bytes(kinds.definitelyLostBytes()) + " in "
                    + Units.count(kinds.definitelyLostBlocks()) + " blocks");
            line(log, "indirectly lost", Units.bytes(kinds.indirectlyLostBytes()) + " in "
                    + Units.count(kinds.indirectlyLostBlocks()) + " blocks");
            line(log, "possibly lost", Units.bytes(kinds.possiblyLostBytes()) + " in "
                    + Units.count(kinds.possiblyLostBlocks()) + " blocks");
            line(log, "still reachable", Units.bytes(kinds.stillReachableBytes()) + " in "
                    + Units.count(kinds.stillReachableBlocks()) + " blocks");
        }
        if (summary.errors() != null) {
            line(log, "memory errors", Units.count((long) summary.errors().size()));
            summary.errors().stream().limit(topSites).forEach(error -> log.warn(String.format(Locale.ROOT,
                    "  %s: %s at %s%s", error.kind(), error.what(), error.function(),
                    error.file() == null ? "" : " (" + error.file() + (error.line() == null ? "" : ":" + error.line())
                            + ")")));
        }
        boolean leaks = "leaks".equals(summary.kind());
        List<Summary.Site> userSites = summary.topSites().stream().filter(Summary.Site::inUserCode).limit(topSites)
                .toList();
        if (summary.topSites().isEmpty() && "stats".equals(summary.profiler())) {
            log.info("The harness's own counters give totals only, no stacks: profile with heaptrack"
                    + " (profiler=heaptrack) to see where the memory goes.");
        } else if (userSites.isEmpty()) {
            log.info((leaks ? "No leak comes from your crates' own code" : "No allocation was made from your crates' own code")
                    + (summary.topSites().isEmpty() ? "." : "; the largest site elsewhere is "
                    + summary.topSites().get(0).function() + "."));
        } else {
            log.info(leaks ? "Leaks from your code:" : "Top allocation sites in your code:");
            int rank = 1;
            for (Summary.Site site : userSites) {
                String location = site.file() == null ? "" : " (" + site.file()
                        + (site.line() == null ? "" : ":" + site.line()) + ")";
                log.info(String.format(Locale.ROOT, "  %2d. %s%s", rank++, site.function(), location));
                if (site.javaEntryPoint() != null) {
                    log.info("      called from Java: " + site.javaEntryPoint());
                }
                log.info(leaks ? "      " + Units.bytes(site.leakedBytes()) + " leaked"
                        : String.format(Locale.ROOT, "      %s allocations, %s allocated, %s at peak, %s leaked",
                        Units.count(site.allocations()), Units.bytes(site.allocatedBytes()),
                        Units.bytes(site.peakBytes()), Units.bytes(site.leakedBytes())));
            }
        }
        if (summary.tests() != null) {
            tests(log, summary.tests());
        }
        log.info("Summary:   " + summaryFile);
        if (recording != null) {
            log.info("Recording: " + recording);
            log.info("Open it with: " + viewerCommand);
        }
    }

    /**
     * The tests that leaked, most bytes first, each with its top leaking site and that site's Java entry point; the
     * allocations outside tests and those of overlapping tests when there are any.
     */
    private static void tests(BuildLog log, List<Summary.TestEntry> tests) {
        List<Summary.TestEntry> measured = tests.stream().filter(Summary.TestEntry::isTest).toList();
        List<Summary.TestEntry> leaking = measured.stream().filter(test -> test.leakedBytes() > 0)
                .sorted(Comparator.comparingLong(Summary.TestEntry::leakedBytes).reversed()
                        .thenComparing(Comparator.comparingLong(Summary.TestEntry::allocatedBytes).reversed())
                        .thenComparing(Summary.TestEntry::test))
                .toList();
        if (leaking.isEmpty()) {
            log.info("No test leaked library memory (" + testCount(measured.size())
                    + " made library allocations; tests that made none are not listed).");
        } else {
            log.info("Tests that leaked (library memory still live at exit):");
            int rank = 1;
            for (Summary.TestEntry test : leaking.subList(0, Math.min(leaking.size(), LEAKING_TESTS_SHOWN))) {
                log.info(String.format(Locale.ROOT, "  %2d. %s: %s in %s", rank++, test.test(),
                        Units.bytes(test.leakedBytes()), blocks(test.leakedBlocks())));
                test.topSites().stream().filter(site -> site.leakedBytes() > 0).findFirst().ifPresent(site ->
                        log.info("      at " + site.function() + location(site)
                                + (site.javaEntryPoint() == null ? "" : ", called from Java: "
                                + site.javaEntryPoint())));
            }
            if (leaking.size() > LEAKING_TESTS_SHOWN) {
                log.info("  ... and " + (leaking.size() - LEAKING_TESTS_SHOWN) + " more (the summary and the report"
                        + " list every test)");
            }
            log.info("  " + testCount(leaking.size()) + " of " + measured.size()
                    + " that made library allocations leaked.");
        }
        for (Summary.TestEntry entry : tests) {
            if (Summary.OUTSIDE_TESTS.equals(entry.test())) {
                log.info("  " + entry.test() + ": " + figures(entry) + " (made while no test ran: class set-up,"
                        + " static initialisers, the library's loading)");
            } else if (Summary.OVERLAPPING_TESTS.equals(entry.test())) {
                log.info("  " + entry.test() + ": " + figures(entry) + " (tests ran in parallel: the recording"
                        + " cannot tell which of them made these)");
            }
        }
    }

    private static String testCount(long n) {
        return n == 1 ? "1 test" : Units.count(n) + " tests";
    }

    private static String blocks(long n) {
        return n == 1 ? "1 block" : Units.count(n) + " blocks";
    }

    private static String figures(Summary.TestEntry entry) {
        return Units.count(entry.allocations()) + (entry.allocations() == 1 ? " allocation, " : " allocations, ")
                + Units.bytes(entry.allocatedBytes()) + " allocated, " + Units.bytes(entry.leakedBytes())
                + " leaked" + (entry.leakedBytes() > 0 ? " in " + blocks(entry.leakedBlocks()) : "");
    }

    private static String location(Summary.Site site) {
        return site.file() == null ? "" : " (" + site.file() + (site.line() == null ? "" : ":" + site.line()) + ")";
    }

    /** A time-out is said as such: the status of a killed process tree says nothing about the program. */
    private static String ending(Summary summary) {
        if (summary.ended() != null && summary.ended().timedOut()) {
            return "stopped at its time limit";
        }
        return summary.exitCode() == null ? "exit status unknown" : "exit status " + summary.exitCode();
    }

    private static void line(BuildLog log, String label, String value) {
        log.info(String.format(Locale.ROOT, "  %-30s %s", label, value));
    }
}
