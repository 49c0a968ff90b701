package io.github.rustinstruments.maven.report.html;

import io.github.rustinstruments.maven.analysis.TestAnalysis;
import io.github.rustinstruments.maven.summary.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tests the page lists (JVM mode with a per-test split), each with the call trees it opens.
 *
 * <p>A suite may have thousands of tests, so the page stays bounded: at most {@link #MAX_ROWS} rows, and call trees
 * of at most {@link #NODES_PER_TREE} nodes each and {@link #NODES_FOR_ALL_TESTS} nodes in all. Trees are given to
 * the tests in the table's first order (most leaked, then most allocated bytes) until that budget is spent; the
 * tests after have a row but no tree of their own.
 *
 * @param total every test the analysis has (the rows may be fewer)
 * @param rows  the tests listed, in {@link TestAnalysis#ORDER}
 */
record ReportTests(int total, List<Row> rows) {

    /** Rows embedded at most. */
    static final int MAX_ROWS = 5_000;

    /** Nodes of one test's tree at most (per direction, per figure when pruned). */
    static final int NODES_PER_TREE = 400;

    /**
     * Nodes of the tests' trees in all: about 1 MB of page at most (some 30 bytes a node), beside the run's own
     * under 1 MB. A test whose trees are small (the usual case: a test drives a few calls into the library) embeds
     * each direction once.
     */
    static final int NODES_FOR_ALL_TESTS = 30_000;

    /** Sites listed per test. */
    static final int SITES_PER_TEST = 5;

    ReportTests {
        rows = List.copyOf(rows);
    }

    /**
     * One test's row.
     *
     * @param test     its name, or one of the special entries
     * @param peak     the most of its own allocations live at once, {@code null} when unknown
     * @param topSites its first sites, leaking ones first
     * @param views    its trees, {@code null} when the page's budget for trees was spent before it
     */
    record Row(String test, boolean isTest, long allocations, long allocatedBytes, Long peak, long leakedBytes,
            long leakedBlocks, List<Summary.Site> topSites, ReportViews views) {
        Row {
            Objects.requireNonNull(test, "test");
            topSites = List.copyOf(topSites);
        }
    }

    /** The rows of these tests; {@code null} for none (the profile has no per-test split). */
    static ReportTests of(List<TestAnalysis> tests) {
        return of(tests, MAX_ROWS, NODES_PER_TREE, NODES_FOR_ALL_TESTS);
    }

    static ReportTests of(List<TestAnalysis> tests, int maxRows, int nodesPerTree, int nodesForAll) {
        if (tests == null) {
            return null;
        }
        List<Row> rows = new ArrayList<>(Math.min(tests.size(), maxRows));
        int budget = nodesForAll;
        boolean spent = false;
        for (TestAnalysis test : tests.subList(0, Math.min(tests.size(), maxRows))) {
            ReportViews views = null;
            if (!spent) {
                views = ReportViews.ofTest(test.topDown(), test.bottomUp(), nodesPerTree);
                int nodes = views.embeddedNodes();
                if (nodes > budget) {
                    views = null;
                    spent = true; // the order of the table decides, not which trees happen to be small
                } else {
                    budget -= nodes;
                }
            }
            rows.add(new Row(test.test(), test.isTest(), test.allocations(), test.allocatedBytes(), test.peakBytes(),
                    test.leakedBytes(), test.leakedBlocks(), test.topSites(SITES_PER_TEST), views));
        }
        return new ReportTests(tests.size(), rows);
    }
}
