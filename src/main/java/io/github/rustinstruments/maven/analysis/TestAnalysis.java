package io.github.rustinstruments.maven.analysis;

import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.trace.TestCosts;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One test's share of a profile ({@link io.github.rustinstruments.maven.trace.Profile#tests()}), analysed as the
 * whole run is: its stacks resolved with the run's frames, its sites attributed as the run's are (each with the Java
 * method through which the test entered the library), its call trees built when asked for.
 *
 * <p>Made by {@link ProfileAnalysis#tests()}; its sites and trees are computed on first use, so that a suite of
 * thousands of tests costs only what is read of it.
 */
public final class TestAnalysis {
    /**
     * The order of a run's tests everywhere (summary, console, report): most leaked bytes first, then most allocated
     * bytes, then by name.
     */
    public static final Comparator<TestAnalysis> ORDER = Comparator
            .comparingLong(TestAnalysis::leakedBytes).reversed()
            .thenComparing(Comparator.comparingLong(TestAnalysis::allocatedBytes).reversed())
            .thenComparing(TestAnalysis::test);

    /** The order of a test's sites: leaking ones first by leaked bytes, then by allocated bytes. */
    public static final Comparator<Summary.Site> SITE_ORDER = Comparator
            .comparingLong(Summary.Site::leakedBytes).reversed()
            .thenComparing(Comparator.comparingLong(Summary.Site::allocatedBytesOrZero).reversed())
            .thenComparing(Comparator.comparingLong(Summary.Site::allocationsOrZero).reversed())
            .thenComparing(Summary.Site::function);

    private final TestCosts costs;
    private final List<ResolvedStack> stacks;
    private final boolean allocationFiguresKnown;
    private List<Summary.Site> sites;
    private final CallTrees trees;

    TestAnalysis(TestCosts costs, List<ResolvedStack> stacks, boolean allocationFiguresKnown) {
        this.costs = Objects.requireNonNull(costs, "costs");
        this.stacks = List.copyOf(stacks);
        this.trees = new CallTrees(this.stacks);
        this.allocationFiguresKnown = allocationFiguresKnown;
    }

    /** {@code <class>#<method>}, or {@link Summary#OUTSIDE_TESTS} / {@link Summary#OVERLAPPING_TESTS}. */
    public String test() {
        return costs.test();
    }

    /** Whether this is one test, not the allocations outside tests nor those of overlapping tests. */
    public boolean isTest() {
        return Summary.isTestName(test());
    }

    /** The test's figures as the recording gave them (several JVMs' entries of one test added up). */
    public TestCosts costs() {
        return costs;
    }

    public long allocations() {
        return costs.allocations();
    }

    public long allocatedBytes() {
        return costs.allocatedBytes();
    }

    /** The most of the test's own allocations live at once; {@code null} when unknown. */
    public Long peakBytes() {
        return costs.peakBytes();
    }

    public long leakedBytes() {
        return costs.leakedBytes();
    }

    public long leakedBlocks() {
        return costs.leakedBlocks();
    }

    /** The test's stacks, resolved (the same frame instances as the run's). */
    public List<ResolvedStack> stacks() {
        return stacks;
    }

    /**
     * Every site of the test, as {@link SiteAttribution#sitesOf} attributes the run's, ordered by
     * {@link #SITE_ORDER}: leaking sites first.
     */
    public List<Summary.Site> sites() {
        if (sites == null) {
            // without the test's own peak (Instruments' Allocations List), its sites' shares of it are unknown too
            sites = SiteAttribution.sitesOf(stacks, allocationFiguresKnown,
                    allocationFiguresKnown && costs.peakBytes() != null).stream().sorted(SITE_ORDER).toList();
        }
        return sites;
    }

    /** The first {@code n} of {@link #sites()}. */
    public List<Summary.Site> topSites(int n) {
        List<Summary.Site> all = sites();
        return all.size() <= n ? all : all.subList(0, n);
    }

    /** The test's top-down call tree (built once), allocator frames folded. */
    public CallTree topDown() {
        return trees.topDown();
    }

    /** The test's bottom-up call tree (built once), allocator frames folded. */
    public CallTree bottomUp() {
        return trees.bottomUp();
    }

    /** The summary's entry of this test, with its first {@code topSites} sites. */
    public Summary.TestEntry entry(int topSites) {
        return new Summary.TestEntry(test(), allocations(), allocatedBytes(), peakBytes(), leakedBytes(),
                leakedBlocks(), List.copyOf(topSites(topSites)));
    }

    @Override
    public String toString() {
        return "TestAnalysis[" + test() + "]";
    }
}
